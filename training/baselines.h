// Reference summarisers that the model must beat.
#pragma once

#include "training/sample.h"

#include <string>
#include <string_view>

namespace axl::training {

// "get_user_name" -> "Get user name."; "HTTPServer" -> "Http server."; "__init__" -> "Init.".
// snake_case and CamelCase are split, words lower-cased, the first capitalised, a period added.
std::string name_split_summary(std::string_view identifier);

// The last component of a qualified name ("Client.fetch" -> "fetch").
std::string_view short_name(std::string_view qualified_name);

} // namespace axl::training
