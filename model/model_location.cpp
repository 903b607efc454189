#include "model/model_location.h"

#include <cstdlib>
#include <filesystem>
#include <stdexcept>

namespace axl::model {
namespace {
namespace fs = std::filesystem;

bool is_file(const fs::path& p) {
  std::error_code ec;
  return fs::is_regular_file(p, ec);
}

ModelLocation given(const std::string& path, const std::string& origin) {
  return {path, origin, is_file(path), {path}};
}

} // namespace

ModelLocation locate_model(const std::string& flag) {
  if (!flag.empty()) return given(flag, "--model");
  if (const char* env = std::getenv(kModelEnvVar); env && *env) return given(env, kModelEnvVar);

  ModelLocation loc;
  const fs::path in_models = fs::path("models") / kModelFileName;
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  // (candidate, origin), in the order they win.
  std::vector<std::pair<fs::path, std::string>> candidates;
  if (!ec)
    candidates.push_back(
        {(exe.parent_path() / ".." / "share" / "axl-docs" / kModelFileName).lexically_normal(),
         "installed"});
  candidates.push_back({in_models, "source tree"});
  if (!ec)
    for (auto dir = exe.parent_path(); !dir.empty() && dir != dir.root_path();
         dir = dir.parent_path())
      candidates.push_back({dir / in_models, "source tree"});
  for (const auto& [path, origin] : candidates) {
    loc.looked_in.push_back(path.string());
    if (is_file(path)) {
      loc.path = path.string();
      loc.origin = origin;
      loc.found = true;
      return loc;
    }
  }
  return loc;
}

std::string missing_model_message(const ModelLocation& where) {
  if (where.origin == "--model") return "model file not found: " + where.path;
  if (where.origin == kModelEnvVar)
    return "model file not found: " + where.path + " (from " + kModelEnvVar +
           "; unset it or point it at a model file)";
  std::string places;
  for (const auto& p : where.looked_in) places += (places.empty() ? "" : ", ") + p;
  return std::string("no model file found (looked in ") + kModelEnvVar + ", " + places +
         "); pass --model PATH or set " + kModelEnvVar;
}

std::string require_model(const std::string& flag) {
  auto loc = locate_model(flag);
  if (!loc.found) throw std::runtime_error(missing_model_message(loc));
  return loc.path;
}

std::string describe_model_choice() {
  auto loc = locate_model();
  if (loc.found) return loc.path + " (" + loc.origin + ")";
  return "none found: " + missing_model_message(loc);
}

} // namespace axl::model
