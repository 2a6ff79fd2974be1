// SPDX-License-Identifier: Apache-2.0
#include "app/channels_component.hpp"

#include "app/event_loop_component.hpp"
#include "config/config.hpp"
#include "http/router.hpp"
#include "plugin_host/plugin_host.hpp"
#include "storage/connection.hpp"
#include "storage/database.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace frontdesk::app {

ChannelsComponent::ChannelsComponent(Services& services) : Component(services) {}

ChannelsComponent::~ChannelsComponent() {
  services_.plugins = nullptr;
  if (plugins_) plugins_->destroy_all();
  plugins_.reset();  // unloads the libraries
}

void ChannelsComponent::check(CheckReport& report) {
  plugins_ = std::make_unique<plugin_host::PluginHost>(services_.config);
  report.summary.push_back(fmt::format("channels: {}", fmt::join(plugins_->channel_names(), ", ")));
}

void ChannelsComponent::start() {
  // the ticket domain (tickets/outbound.cpp) dead-letters replies for channels no daemon here sends on.
  std::string enabled;
  std::string disabled;
  for (const auto& [name, channel] : services_.config.channels) {
    auto& list = channel.enabled ? enabled : disabled;
    list += (list.empty() ? "" : ",") + name;
  }
  services_.db().run_sync(
      [&](storage::Connection& c) { c.exec("SELECT fd_record_channels($1, $2)", enabled, disabled); });

  plugins_->create_all({*services_.router, services_.ingest(), services_.io, services_.db(),
                        services_.presence_signals(), services_.site});
  services_.plugins = plugins_.get();
}

void ChannelsComponent::reload(const config::Config* fresh) {
  if (fresh != nullptr && plugins_) plugins_->reload(*fresh);
}

void ChannelInputsComponent::start() { services_.channels().start_all(); }

void ChannelInputsComponent::stop() {
  run_on_loop(services_.io, [this] { services_.channels().stop_all(); });
}

}  // namespace frontdesk::app
