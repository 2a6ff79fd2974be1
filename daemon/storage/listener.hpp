// SPDX-License-Identifier: Apache-2.0
#pragma once
// LISTEN/NOTIFY on a connection of its own: subscribe to channels, wait for a notification
// with a timeout, and stop (or interrupt) a waiting thread from any other thread at once.
//
// The connection is opened, and re-opened after the server drops it (a restart, a
// terminated backend), inside wait(), without blocking: connecting, subscribing and waiting
// all poll the socket together with the listener's own wake-up descriptor, so stop() is
// prompt even while the server does not answer. Notifications sent while no connection
// listened are lost, so a wait reports every (re)connection as Wake::connected: callers look
// for work then, as after a notification. While disconnected, a wait ends only at its
// timeout (or on interrupt/stop): callers keep polling as their safety net.
//
//   storage::Listener listener(conninfo, {"fd_outbox"}, {.name = "outbox"});
//   while (true) {
//     const auto waited = listener.wait(poll_interval);
//     if (waited.wake == storage::Listener::Wake::stopped) break;
//     ... look for work ...
//   }
//
// wait() and pause() are called by one thread at a time (the owner's); interrupt() and stop()
// by any thread.
#include <atomic>
#include <chrono>
#include <string>
#include <string_view>
#include <vector>

struct pg_conn;  // libpq's PGconn, kept out of this header

namespace frontdesk::storage {

struct Notification {
  std::string channel;
  std::string payload;
};

class Listener {
 public:
  enum class Wake {
    notified,     // notifications arrived (Waited::notifications)
    connected,    // the connection was (re)established: look for work, some may be unannounced
    timeout,      // nothing happened within the timeout
    interrupted,  // interrupt() was called
    stopped,      // stop() was called: this wait and every later one end at once
  };

  struct Waited {
    Wake wake = Wake::timeout;
    std::vector<Notification> notifications;  // with Wake::notified, in arrival order

    // A notification or a (re)connection: there may be work the caller has not seen.
    [[nodiscard]] bool work_may_be_waiting() const noexcept {
      return wake == Wake::notified || wake == Wake::connected;
    }
    // Whether one of the notifications came on `channel`.
    [[nodiscard]] bool on(std::string_view channel) const noexcept;
  };

  struct Options {
    std::string name = "listener";  // prefixes its log lines ("outbox", "sla", "rules")
    // After a failed attempt or a lost connection, the next attempt waits this long.
    std::chrono::milliseconds retry_delay{1000};
    // An attempt (connection and LISTEN) that has not finished after this long is abandoned.
    std::chrono::milliseconds connect_timeout{10000};
  };

  // Opens nothing yet: the first wait() connects. `channels` are SQL identifiers as written
  // in NOTIFY (they are quoted here, so case and punctuation are kept).
  Listener(std::string conninfo, std::vector<std::string> channels, Options options);
  Listener(std::string conninfo, std::vector<std::string> channels)
      : Listener(std::move(conninfo), std::move(channels), Options{}) {}
  ~Listener();
  Listener(const Listener&) = delete;
  Listener& operator=(const Listener&) = delete;

  // Waits until a notification arrives (or has arrived since the last wait), the connection
  // is (re)established, `timeout` passes, interrupt() or stop() is called. Notifications
  // already received return at once, whatever the timeout; a zero timeout only collects
  // what has arrived. Never throws for connection trouble: a failure is logged once per
  // outage and retried after retry_delay.
  Waited wait(std::chrono::milliseconds timeout);

  // Sleeps for `duration` unless stop() is called; returns false when stopped. Notifications
  // and interrupt() that come meanwhile are kept for the next wait().
  bool pause(std::chrono::milliseconds duration);

  // The wait in progress, or else the next one, returns Wake::interrupted (at most once per
  // call, however many calls came before it). Any thread; async-signal-safe.
  void interrupt() noexcept;
  // Every wait from now on, the one in progress included, returns Wake::stopped at once, and
  // pause() returns false. The connection closes when the listener is destroyed. Any thread;
  // idempotent.
  void stop() noexcept;
  [[nodiscard]] bool stopped() const noexcept { return stop_.load(); }

  // Whether the LISTEN is in place now (from the waiting thread; for tests and logs).
  [[nodiscard]] bool listening() const noexcept { return phase_ == Phase::listening; }
  // The listening backend's process id, 0 when not listening (tests terminate it).
  [[nodiscard]] int backend_pid() const noexcept;

 private:
  enum class Phase { disconnected, connecting, subscribing, listening };
  using Clock = std::chrono::steady_clock;

  void begin_connect();
  void advance();  // the socket is ready: moves the connection or the LISTEN along, reads input
  void fail(std::string_view what, std::string_view reason);
  void collect(std::vector<Notification>& out);
  short socket_events() const noexcept;
  void drain_wakeups() const noexcept;

  std::string conninfo_;  // may hold a password: never logged
  std::string description_;
  std::vector<std::string> channels_;
  Options options_;
  int wake_fd_ = -1;  // eventfd written by interrupt() and stop()
  std::atomic<bool> stop_{false};
  std::atomic<bool> interrupt_{false};

  pg_conn* conn_ = nullptr;
  Phase phase_ = Phase::disconnected;
  bool want_write_ = true;  // what PQconnectPoll asked for while connecting
  bool announce_ = false;   // a (re)connection not yet reported by wait()
  bool outage_ = false;     // a failure was logged and not yet followed by "listening again"
  Clock::time_point retry_at_{};
  Clock::time_point attempt_deadline_{};
};

}  // namespace frontdesk::storage
