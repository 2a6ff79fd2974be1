// SPDX-License-Identifier: Apache-2.0
#pragma once
// One plugin shared library, loaded and checked against the host's ABI.
#include <frontdesk/plugin.h>

#include <boost/dll/shared_library.hpp>

#include <filesystem>
#include <span>
#include <stdexcept>
#include <string>

namespace frontdesk::plugin_host {

struct PluginError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class PluginLibrary {
 public:
  // Loads `path` and checks its descriptor: the entry point exists, the ABI version equals
  // the host's, the descriptor reaches at least `deliver` (later fields are optional), and the name matches
  // `expected_name`. Every refusal names the file (and both versions where relevant).
  PluginLibrary(const std::filesystem::path& path, const std::string& expected_name);

  const fd_plugin& descriptor() const { return *descriptor_; }
  const std::filesystem::path& path() const { return path_; }
  // The keys the plugin applies on reload and the call that applies them: none and null for
  // a plugin that reloads nothing (or whose descriptor predates them).
  std::span<const char* const> reloadable_keys() const;
  decltype(fd_plugin::reconfigure) reconfigure() const;

 private:
  std::filesystem::path path_;
  boost::dll::shared_library library_;
  const fd_plugin* descriptor_ = nullptr;
};

}  // namespace frontdesk::plugin_host
