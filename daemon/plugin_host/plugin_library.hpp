#pragma once
// One plugin shared library, loaded and checked against the host's ABI.
#include <frontdesk/plugin.h>

#include <boost/dll/shared_library.hpp>

#include <filesystem>
#include <stdexcept>
#include <string>

namespace frontdesk::plugin_host {

struct PluginError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class PluginLibrary {
 public:
  // Loads `path` and checks its descriptor: the entry point exists, the ABI version equals
  // the host's, the descriptor is at least as large as the host's, and the name matches
  // `expected_name`. Every refusal names the file (and both versions where relevant).
  PluginLibrary(const std::filesystem::path& path, const std::string& expected_name);

  const fd_plugin& descriptor() const { return *descriptor_; }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
  boost::dll::shared_library library_;
  const fd_plugin* descriptor_ = nullptr;
};

}  // namespace frontdesk::plugin_host
