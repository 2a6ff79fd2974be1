// SPDX-License-Identifier: Apache-2.0
#include "plugin_host/plugin_library.hpp"

#include <cstddef>
#include <cstring>

namespace frontdesk::plugin_host {

PluginLibrary::PluginLibrary(const std::filesystem::path& path, const std::string& expected_name)
    : path_(path) {
  const std::string file = path.string();
  if (!std::filesystem::exists(path)) throw PluginError(file + ": no such plugin file");

  boost::dll::fs::error_code ec;
  library_.load(path, boost::dll::load_mode::rtld_now | boost::dll::load_mode::rtld_local, ec);
  if (ec) throw PluginError(file + ": cannot load: " + ec.message());
  if (!library_.has(FD_PLUGIN_ENTRY)) {
    throw PluginError(file + ": not a Frontdesk plugin (no '" FD_PLUGIN_ENTRY "' entry point)");
  }
  const auto entry = library_.get<const fd_plugin*()>(FD_PLUGIN_ENTRY);
  descriptor_ = entry();
  if (descriptor_ == nullptr) throw PluginError(file + ": entry point returned no descriptor");
  if (descriptor_->abi_version != FD_PLUGIN_ABI_VERSION) {
    throw PluginError(file + ": plugin ABI version " + std::to_string(descriptor_->abi_version) +
                      " does not match the host's ABI version " +
                      std::to_string(FD_PLUGIN_ABI_VERSION) + "; rebuild the plugin");
  }
  // Descriptors only grow: one from before reloadable settings (which end at `deliver`) is
  // whole; its plugin reloads nothing.
  if (descriptor_->struct_size < offsetof(fd_plugin, reloadable_keys)) {
    throw PluginError(file + ": plugin descriptor is " + std::to_string(descriptor_->struct_size) +
                      " bytes, the host needs " + std::to_string(offsetof(fd_plugin, reloadable_keys)));
  }
  if (descriptor_->name == nullptr || expected_name != descriptor_->name) {
    throw PluginError(file + ": plugin calls itself '" +
                      std::string(descriptor_->name ? descriptor_->name : "") + "', expected '" +
                      expected_name + "'");
  }
  if (descriptor_->create == nullptr || descriptor_->destroy == nullptr) {
    throw PluginError(file + ": descriptor lacks create/destroy");
  }
}

std::span<const char* const> PluginLibrary::reloadable_keys() const {
  if (descriptor_->struct_size < offsetof(fd_plugin, reconfigure) + sizeof(descriptor_->reconfigure) ||
      descriptor_->reconfigure == nullptr || descriptor_->reloadable_keys == nullptr) {
    return {};
  }
  return {descriptor_->reloadable_keys, descriptor_->reloadable_key_count};
}

decltype(fd_plugin::reconfigure) PluginLibrary::reconfigure() const {
  return reloadable_keys().empty() ? nullptr : descriptor_->reconfigure;
}

}  // namespace frontdesk::plugin_host
