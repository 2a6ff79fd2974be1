// SPDX-License-Identifier: Apache-2.0
#pragma once
// The channel plugins. "channels" loads them and checks their settings (check), records the
// enabled channels in the database and creates each plugin, which registers its routes
// (start), hands a reload's rotated secrets to the plugins that take them (reload), and
// destroys and unloads them last of all (destructor). "channel inputs" starts
// and stops what they receive on their own (SMTP listeners, POP3 pollers): it comes late in
// the list, so inputs start last and stop first.
#include "app/component.hpp"

#include <memory>

namespace frontdesk::app {

class ChannelsComponent final : public Component {
 public:
  explicit ChannelsComponent(Services& services);
  ~ChannelsComponent() override;

  [[nodiscard]] std::string_view name() const override { return "channels"; }
  void check(CheckReport& report) override;
  void start() override;
  void reload(const config::Config* fresh) override;

 private:
  std::unique_ptr<plugin_host::PluginHost> plugins_;  // loaded by check()
};

class ChannelInputsComponent final : public Component {
 public:
  using Component::Component;
  [[nodiscard]] std::string_view name() const override { return "channel inputs"; }
  void start() override;
  // Plugins may still complete requests in flight; a request read from now on is refused.
  void stop() override;
};

}  // namespace frontdesk::app
