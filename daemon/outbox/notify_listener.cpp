#include "outbox/notify_listener.hpp"

#include "storage/connection.hpp"

#include <libpq-fe.h>
#include <poll.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <memory>

namespace frontdesk::outbox {

namespace {
// How often the thread looks at the stop flag, and how long it waits after losing the
// server before reconnecting.
constexpr int kPollMillis = 200;
constexpr auto kReconnectDelay = std::chrono::seconds(1);
}  // namespace

NotifyListener::NotifyListener(std::string conninfo, std::function<void()> wake)
    : conninfo_(std::move(conninfo)), wake_(std::move(wake)) {}

NotifyListener::~NotifyListener() { stop(); }

void NotifyListener::start() { thread_ = std::thread([this] { run(); }); }

void NotifyListener::stop() {
  stopping_ = true;
  if (thread_.joinable()) thread_.join();
}

void NotifyListener::run() {
  while (!stopping_) {
    try {
      auto conn = storage::Connection::connect(conninfo_);
      conn.exec("LISTEN fd_outbox");
      wake_();
      PGconn* pg = conn.native();
      while (!stopping_) {
        pollfd fd{PQsocket(pg), POLLIN, 0};
        if (::poll(&fd, 1, kPollMillis) < 0) continue;
        if (PQconsumeInput(pg) == 0) throw std::runtime_error(PQerrorMessage(pg));
        bool notified = false;
        while (PGnotify* n = PQnotifies(pg)) {
          PQfreemem(n);
          notified = true;
        }
        if (notified) wake_();
      }
    } catch (const std::exception& e) {
      spdlog::warn("outbox: LISTEN connection lost ({}); workers keep polling meanwhile", e.what());
      const auto until = std::chrono::steady_clock::now() + kReconnectDelay;
      while (!stopping_ && std::chrono::steady_clock::now() < until) {
        ::poll(nullptr, 0, kPollMillis);
      }
    }
  }
}

}  // namespace frontdesk::outbox
