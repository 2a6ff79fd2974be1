#pragma once
// The host side of the C ABI: the fd_host_api table handed to every plugin and the
// per-plugin fd_host context behind it.
#include <frontdesk/plugin.h>

#include <boost/asio/io_context.hpp>

#include <atomic>
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
namespace frontdesk::realtime {
class Presence;
}

struct fd_host {
  std::string channel;
  frontdesk::http::Router* router = nullptr;
  frontdesk::ingest::IngestPipeline* pipeline = nullptr;
  frontdesk::storage::Database* db = nullptr;
  boost::asio::io_context* io = nullptr;
  std::atomic<bool> accepting_routes{true};  // routes may only be added inside create()
  std::atomic<bool> accepting_input{true};   // false once the host stops the plugin's inputs
  fd_broadcast_handler broadcast_handler = nullptr;  // set by on_broadcast during create()
  void* broadcast_user = nullptr;
  frontdesk::realtime::Presence* presence = nullptr;  // typing; null when the daemon has none
  fd_typing_handler typing_handler = nullptr;        // set by on_agent_typing during create()
  void* typing_user = nullptr;
};

namespace frontdesk::plugin_host {

const fd_host_api& host_api();

}  // namespace frontdesk::plugin_host
