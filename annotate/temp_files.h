// The temporary files of an atomic write are named `.NAME.axl-PID-XXXXXX` (next to NAME, the
// writer's process id inside), so that one left by a killed run (SIGKILL, power loss between write
// and rename) can be recognised and removed by a later run: only ours, only when PID is dead.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace axl::annotate {

// The mkstemp(3) template for a temporary file next to `target`.
std::string temp_file_template(const std::filesystem::path& target);

// Removes, in `dir` (not below it), the temporary files named by temp_file_template() whose
// process is dead and that are regular files owned by the current user. Returns what it removed.
// Never throws; anything it cannot inspect or remove is left alone.
std::vector<std::filesystem::path> remove_stale_temp_files(const std::filesystem::path& dir);

} // namespace axl::annotate
