// SPDX-License-Identifier: Apache-2.0
#pragma once
// Signals (realtime/signal.hpp) between the daemons that share a database: announce() looks
// the ticket up and sends the signal with NOTIFY fd_presence; every daemon, this one
// included, hears it on a thread of its own and hands it to its local listeners (event
// stream clients, channel plugins). Nothing is stored; a notification missed while the
// listening connection was down is a signal nobody needed for more than a few seconds.
#include "realtime/signal.hpp"
#include "storage/listener.hpp"

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

namespace frontdesk::storage {
class Database;
}

namespace frontdesk::realtime {

class Presence {
 public:
  using Listener = std::function<void(const Signal&)>;
  enum class Announced { sent, no_ticket, failed };
  struct Actor {
    bool agent = false;   // an agent or admin; else the ticket's customer
    std::int64_t id = 0;  // agents.id (0: the bootstrap admin); ignored for the customer
  };

  explicit Presence(storage::Database& db);
  ~Presence();  // stop()
  Presence(const Presence&) = delete;
  Presence& operator=(const Presence&) = delete;

  void start();
  void stop();

  // On a database thread: reads ticket `ticket_id` (of `channel`, unless empty) and the
  // actor's name, and sends the signal to every daemon. `done` runs on that thread.
  void announce(Signal::Kind kind, std::int64_t ticket_id, Actor actor, std::string channel,
                std::function<void(Announced)> done);

  // `listener` gets every signal any daemon sends from now on, on the presence thread, until
  // unsubscribe() returns.
  std::uint64_t subscribe(Listener listener);
  void unsubscribe(std::uint64_t handle);

 private:
  void run();

  storage::Database& db_;
  storage::Listener listener_;
  std::thread thread_;
  std::mutex mutex_;  // held while listeners run, so unsubscribe() waits for a call under way
  std::map<std::uint64_t, Listener> listeners_;
  std::uint64_t next_handle_ = 1;
};

}  // namespace frontdesk::realtime
