// SPDX-License-Identifier: Apache-2.0
#pragma once
// Hands a plugin the broadcasts sent to its channel by any daemon (LISTEN on its topic), on
// a thread of its own so a slow handler delays only its own plugin.
#include <frontdesk/plugin.h>

#include "storage/listener.hpp"

#include <string>
#include <thread>

namespace frontdesk::plugin_host {

class BroadcastRelay {
 public:
  BroadcastRelay(std::string conninfo, const std::string& channel, fd_broadcast_handler handler, void* user);
  ~BroadcastRelay();  // stop()
  BroadcastRelay(const BroadcastRelay&) = delete;
  BroadcastRelay& operator=(const BroadcastRelay&) = delete;

  void start();
  void stop();

 private:
  void run();

  std::string channel_;
  fd_broadcast_handler handler_;
  void* user_;
  storage::Listener listener_;
  std::thread thread_;
};

}  // namespace frontdesk::plugin_host
