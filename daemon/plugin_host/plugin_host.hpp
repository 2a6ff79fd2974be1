// SPDX-License-Identifier: Apache-2.0
#pragma once
// Loads the enabled channel plugins, validates their configuration against the keys each
// declares, and runs them through create → start → stop → destroy. Either every enabled
// channel comes up or the daemon does not start: there is no half-configured channel.
#include "plugin_host/broadcast_relay.hpp"
#include "plugin_host/host_bridge.hpp"
#include "plugin_host/plugin_library.hpp"

#include <frontdesk/plugin.hpp>

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace frontdesk::config {
struct Config;
}
namespace frontdesk::realtime {
class Presence;
}

namespace frontdesk::plugin_host {

// One outbound message for a channel, owned (the outbox worker builds it from a row): the
// SDK's type, expanded from plugin.h's FD_OUTBOUND_MESSAGE_FIELDS.
using Outbound = sdk::Outbound;

struct DeliveryResult {
  fd_delivery_status status = FD_DELIVERY_TRANSIENT;
  std::string provider_id;
  std::string error;
};

struct HostServices {
  http::Router& router;
  ingest::IngestPipeline& pipeline;
  boost::asio::io_context& io;
  storage::Database& db;
  realtime::Presence& presence;
  const web::Site* site = nullptr;
};

class PluginHost {
 public:
  // Loads every enabled channel's plugin from the plugins directory and checks its settings;
  // a disabled channel whose plugin is present is checked too. Throws PluginError listing
  // every problem found. Nothing is created: this is all `frontdeskd --check` needs.
  explicit PluginHost(const config::Config& config);
  ~PluginHost();
  PluginHost(const PluginHost&) = delete;
  PluginHost& operator=(const PluginHost&) = delete;

  // Creates each plugin (they register their routes). On a failure the ones already
  // created are destroyed and PluginError names the plugin and its reason.
  void create_all(const HostServices& services);
  void start_all();
  // Stops inputs; plugins may still complete in-flight requests.
  void stop_all();
  void destroy_all();

  // Applies a reload's configuration: each running plugin whose reloadable keys (rotated
  // secrets) changed gets its running configuration with those values swapped in. Logs
  // which keys each took, by name only; a plugin's refusal is logged and changes nothing.
  void reload(const config::Config& fresh);
  // Running channel → the keys its plugin applies on reload (for the report of what waits
  // for a restart).
  std::map<std::string, std::vector<std::string>, std::less<>> reloadable_keys() const;

  std::vector<std::string> channel_names() const;
  bool has_channel(std::string_view channel) const;

  // Hands `message` to the channel's plugin; `done` runs exactly once, on whichever thread
  // the plugin completes on. An unknown or stopped channel completes PERMANENT at once.
  void deliver(std::string_view channel, const Outbound& message,
               std::function<void(const DeliveryResult&)> done);

 private:
  struct Loaded {
    std::unique_ptr<PluginLibrary> library;
    std::string name;
    std::string config_json;
    std::unique_ptr<fd_host> host;
    void* state = nullptr;
    bool started = false;
    std::unique_ptr<BroadcastRelay> broadcasts;  // for a plugin that registered a handler
    std::uint64_t typing = 0;  // its subscription to agents' typing, while started
  };
  std::vector<Loaded> plugins_;
};

}  // namespace frontdesk::plugin_host
