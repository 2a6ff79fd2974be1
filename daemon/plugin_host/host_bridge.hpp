// SPDX-License-Identifier: Apache-2.0
#pragma once
// The host side of the C ABI: the fd_host_api table handed to every plugin and the
// per-plugin fd_host context behind it.
#include <frontdesk/plugin.h>

#include <boost/asio/io_context.hpp>

#include "core/log_limiter.hpp"

#include <atomic>
#include <chrono>
#include <string>

namespace frontdesk::http {
class Router;
}
namespace frontdesk::ingest {
class IngestPipeline;
}
namespace frontdesk::storage {
class Database;
}
namespace frontdesk::web {
class Site;
}
namespace frontdesk::realtime {
class Presence;
}

struct fd_host {
  std::string channel;
  frontdesk::http::Router* router = nullptr;
  frontdesk::ingest::IngestPipeline* pipeline = nullptr;
  frontdesk::storage::Database* db = nullptr;
  boost::asio::io_context* io = nullptr;
  const frontdesk::web::Site* site = nullptr;  // renders the pages plugins answer with; may be absent
  std::atomic<bool> accepting_routes{true};  // routes may only be added inside create()
  std::atomic<bool> accepting_input{true};   // false once the host stops the plugin's inputs
  fd_broadcast_handler broadcast_handler = nullptr;  // set by on_broadcast during create()
  void* broadcast_user = nullptr;
  // A plugin's warnings and errors come in floods when its inputs fail alike (an outage):
  // at most 20 lines per 10 s reach the journal, the rest are counted.
  frontdesk::core::LogLimiter alarms{std::chrono::seconds(10), 20};
  frontdesk::realtime::Presence* presence = nullptr;  // typing; null when the daemon has none
  fd_typing_handler typing_handler = nullptr;        // set by on_agent_typing during create()
  void* typing_user = nullptr;
};

namespace frontdesk::plugin_host {

const fd_host_api& host_api();

}  // namespace frontdesk::plugin_host
