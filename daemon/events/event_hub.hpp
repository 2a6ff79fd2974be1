// SPDX-License-Identifier: Apache-2.0
#pragma once
// The event stream of one daemon: a thread that LISTENs for audit inserts (fd_rules, the
// notification the rules runtime already gets), reads what committed in one query for all
// clients, and fans it out in memory to every subscriber that may see it. Each daemon on a
// database does the same, so each delivers every event to its own clients.
//
// Order and gaps. audit_events ids come from a sequence, so concurrent transactions commit
// them out of order: id 51 can be visible while 50 is still in flight and commits later. A
// reader that moved past 50 would skip it for ever. The hub therefore delivers strictly in
// id order and stops at the first missing id (a gap) until either it shows up or it is known
// never to come: the gap was seen under snapshot S (every id below the visible 51 was
// allocated before S, so its transaction had begun), and once every transaction that was
// running at S has ended (a later snapshot's xmin >= S's xmax) and a short grace period has
// passed, a still missing id belongs to a transaction that rolled back (or a sequence value
// never used) and is skipped. The grace period covers the microseconds between nextval() and
// the transaction taking its id. So a slow writer delays the stream (correctly) but never
// loses an event, and a rollback costs at most the grace period. Everything at or below the
// hub's position is final, which is what makes resuming exact: a client that reconnects
// with Last-Event-ID L gets every visible event in (L, position] from the table, then the
// live ones, once each and in order.
#include "events/event.hpp"
#include "events/event_types.hpp"
#include "storage/listener.hpp"

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace frontdesk::storage {
class Database;
}

namespace frontdesk::events {

// One client (an SSE response or a WebSocket) as the hub sees it. Sends never block; false
// means the client is gone or was dropped (its queue overflowed), and the hub forgets it.
class Subscriber {
 public:
  explicit Subscriber(Audience audience) : audience_(std::move(audience)) {}
  Subscriber(const Subscriber&) = delete;
  Subscriber& operator=(const Subscriber&) = delete;
  virtual ~Subscriber() = default;

  [[nodiscard]] const Audience& audience() const { return audience_; }
  // The event as this client may see it (its JSON is the customer's view for customers).
  virtual bool send_event(const Event& e, const std::string& json) = 0;
  virtual bool send_heartbeat() = 0;
  // The stream cannot go on (e.g. a replay failed): tell the client and end.
  virtual void fail(const std::string& code, const std::string& message) = 0;

 private:
  Audience audience_;
};

struct HubOptions {
  int batch_size = 500;
  std::chrono::milliseconds poll_interval{2000};      // safety net besides LISTEN/NOTIFY
  std::chrono::milliseconds gap_poll_interval{50};    // while waiting on a missing id
  std::chrono::milliseconds gap_grace{500};
  // With no subscriber, reads happen at most this often (only webhooks wait on them), so a
  // busy ingest is not answered by one read per committed group.
  std::chrono::milliseconds idle_read_interval{50};
  std::chrono::milliseconds heartbeat{15000};
  int max_connections_per_token = 16;
};

class EventHub {
 public:
  EventHub(storage::Database& db, HubOptions options);
  EventHub(const EventHub&) = delete;
  EventHub& operator=(const EventHub&) = delete;
  ~EventHub();  // stop()

  // Starts at the newest committed event.
  void start();
  void stop();

  // Counts a connection of `token_key` against the per-token limit: false when it is full.
  bool reserve(std::int64_t token_key);
  void release(std::int64_t token_key);

  // Adds a subscriber. With `resume_after`, the events after it that it may see are replayed
  // from the table first, then the live ones follow; without, it gets events from now on.
  // Returns the subscription's handle for unsubscribe().
  std::uint64_t subscribe(std::shared_ptr<Subscriber> subscriber, std::optional<std::int64_t> resume_after);
  void unsubscribe(std::uint64_t handle);

  // Called (on the hub's thread) each time the position advances, with the new position: the
  // id up to which every event is final. The webhook dispatcher hangs here.
  void on_advance(std::function<void(std::int64_t)> callback);

  [[nodiscard]] std::int64_t position() const;
  [[nodiscard]] std::size_t subscribers() const;

 private:
  struct Entry {
    std::shared_ptr<Subscriber> subscriber;
    std::int64_t last_sent = 0;
    bool replaying = false;
    std::deque<EventPtr> pending;  // live events that arrived during the replay
  };
  struct Gap {
    std::int64_t from = 0, to = 0;  // the missing ids, seen together
    std::int64_t xmax = 0;           // of the snapshot that saw them missing
    std::chrono::steady_clock::time_point seen;
  };

  void run();
  bool catch_up();  // true when a gap is still open
  bool pause_while_idle();  // false on stop
  void publish(const std::vector<EventPtr>& events);
  void heartbeat();
  void replay_page(std::uint64_t handle, std::int64_t after, std::int64_t upto);
  void finish_replay(std::uint64_t handle);
  bool send(Entry& entry, const Event& e);  // under mutex_

  storage::Database& db_;
  const HubOptions options_;
  storage::Listener listener_;
  std::thread thread_;

  mutable std::mutex mutex_;
  std::int64_t position_ = 0;
  bool customer_view_ = false;  // a customer is subscribed: fetch the customer's JSON too
  std::optional<Gap> gap_;      // hub thread only
  std::uint64_t next_handle_ = 1;
  std::map<std::uint64_t, Entry> entries_;
  std::map<std::int64_t, int> connections_;  // per token
  std::vector<std::function<void(std::int64_t)>> advance_callbacks_;
  std::chrono::steady_clock::time_point last_heartbeat_;
  bool stopping_ = false;
  int replays_in_flight_ = 0;  // guarded by mutex_; stop() waits for none
  std::condition_variable replays_done_;
};

}  // namespace frontdesk::events
