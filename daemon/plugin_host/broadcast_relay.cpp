// SPDX-License-Identifier: Apache-2.0
#include "plugin_host/broadcast_relay.hpp"

#include "plugin_host/conversation.hpp"

#include <spdlog/spdlog.h>

#include <chrono>

namespace frontdesk::plugin_host {

BroadcastRelay::BroadcastRelay(std::string conninfo, const std::string& channel, fd_broadcast_handler handler,
                               void* user)
    : channel_(channel),
      handler_(handler),
      user_(user),
      listener_(std::move(conninfo), {broadcast_topic(channel)}, {.name = channel + " broadcasts"}) {}

BroadcastRelay::~BroadcastRelay() { stop(); }

void BroadcastRelay::start() { thread_ = std::thread([this] { run(); }); }

void BroadcastRelay::stop() {
  listener_.stop();
  if (thread_.joinable()) thread_.join();
}

void BroadcastRelay::run() {
  auto deliver = [this](const std::string& payload) {
    try {
      handler_(user_, fd_str{payload.data(), payload.size()});
    } catch (...) {
      spdlog::error("[{}] broadcast handler threw", channel_);
    }
  };
  while (true) {
    auto waited = listener_.wait(std::chrono::hours(1));
    switch (waited.wake) {
      case storage::Listener::Wake::stopped: return;
      case storage::Listener::Wake::connected: deliver(""); break;  // some may have been missed
      case storage::Listener::Wake::notified:
        for (const auto& n : waited.notifications) deliver(n.payload);
        break;
      default: break;
    }
  }
}

}  // namespace frontdesk::plugin_host
