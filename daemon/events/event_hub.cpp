// SPDX-License-Identifier: Apache-2.0
#include "events/event_hub.hpp"

#include "events/event_store.hpp"
#include "storage/database.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>

namespace frontdesk::events {

namespace {
using SteadyClock = std::chrono::steady_clock;
}

EventHub::EventHub(storage::Database& db, HubOptions options)
    : db_(db), options_(options), listener_(db.conninfo(), {"fd_rules"}, {.name = "events"}) {}

EventHub::~EventHub() { stop(); }

void EventHub::start() {
  position_ = db_.run_sync([](storage::Connection& c) { return newest_event_id(c); });
  last_heartbeat_ = SteadyClock::now();
  thread_ = std::thread([this] { run(); });
}

void EventHub::stop() {
  listener_.stop();
  if (thread_.joinable()) thread_.join();
  std::unique_lock lock(mutex_);
  stopping_ = true;
  replays_done_.wait(lock, [this] { return replays_in_flight_ == 0; });
  entries_.clear();
}

bool EventHub::reserve(std::int64_t token_key) {
  std::lock_guard lock(mutex_);
  auto& n = connections_[token_key];
  if (n >= options_.max_connections_per_token) return false;
  ++n;
  return true;
}

void EventHub::release(std::int64_t token_key) {
  std::lock_guard lock(mutex_);
  const auto it = connections_.find(token_key);
  if (it != connections_.end() && --it->second <= 0) connections_.erase(it);
}

void EventHub::on_advance(std::function<void(std::int64_t)> callback) {
  std::lock_guard lock(mutex_);
  advance_callbacks_.push_back(std::move(callback));
}

std::int64_t EventHub::position() const {
  std::lock_guard lock(mutex_);
  return position_;
}

std::size_t EventHub::subscribers() const {
  std::lock_guard lock(mutex_);
  return entries_.size();
}

std::uint64_t EventHub::subscribe(std::shared_ptr<Subscriber> subscriber,
                                  std::optional<std::int64_t> resume_after) {
  std::unique_lock lock(mutex_);
  const auto handle = next_handle_++;
  if (!subscriber->audience().staff) customer_view_ = true;
  Entry& entry = entries_[handle];
  entry.subscriber = std::move(subscriber);
  // Everything up to position_ is final and has been published; what comes after it is
  // published to this entry too, since it is registered now, under the same lock.
  const auto upto = position_;
  if (!resume_after || *resume_after >= upto) {
    // A resume id past this daemon's position (another daemon got further): nothing to replay,
    // and the live events it has seen are skipped.
    entry.last_sent = resume_after.value_or(upto);
    return handle;
  }
  entry.last_sent = *resume_after;
  entry.replaying = true;
  ++replays_in_flight_;
  lock.unlock();
  replay_page(handle, *resume_after, upto);
  return handle;
}

void EventHub::unsubscribe(std::uint64_t handle) {
  std::lock_guard lock(mutex_);
  entries_.erase(handle);
  customer_view_ = std::any_of(entries_.begin(), entries_.end(),
                               [](const auto& e) { return !e.second.subscriber->audience().staff; });
}

// Replays (after, upto] from the table in pages, on the database's threads; live events for
// this entry wait in its `pending` queue meanwhile. replays_in_flight_ was counted by the
// caller and is uncounted when the replay ends, whichever way.
void EventHub::replay_page(std::uint64_t handle, std::int64_t after, std::int64_t upto) {
  bool customer_view = false;
  {
    std::lock_guard lock(mutex_);
    const auto it = entries_.find(handle);
    if (it == entries_.end() || stopping_) {
      if (--replays_in_flight_ == 0) replays_done_.notify_all();
      return;
    }
    customer_view = !it->second.subscriber->audience().staff;
  }
  const int limit = options_.batch_size;
  db_.async_run(
      [after, limit, customer_view](storage::Connection& c) {
        return fetch_events(c, after, limit, customer_view);
      },
      [this, handle, after, upto, limit](std::exception_ptr error, Batch batch) {
        std::int64_t last = after;
        bool more = static_cast<int>(batch.events.size()) == limit;
        {
          std::lock_guard lock(mutex_);
          const auto it = entries_.find(handle);
          if (it != entries_.end() && error) {
            it->second.subscriber->fail("replay_failed", "the missed events could not be read; reconnect");
            entries_.erase(it);
          }
          if (it == entries_.end() || error) {
            if (--replays_in_flight_ == 0) replays_done_.notify_all();
            return;
          }
          for (const auto& e : batch.events) {
            if (e->id > upto) {
              more = false;
              break;
            }
            last = e->id;
            if (e->id <= it->second.last_sent) continue;
            if (!send(it->second, *e)) {
              entries_.erase(it);
              if (--replays_in_flight_ == 0) replays_done_.notify_all();
              return;
            }
          }
        }
        if (more && last < upto) {
          replay_page(handle, last, upto);
        } else {
          finish_replay(handle);
        }
      });
}

void EventHub::finish_replay(std::uint64_t handle) {
  std::lock_guard lock(mutex_);
  if (--replays_in_flight_ == 0) replays_done_.notify_all();
  const auto it = entries_.find(handle);
  if (it == entries_.end()) return;
  auto& entry = it->second;
  entry.replaying = false;
  auto pending = std::move(entry.pending);
  for (const auto& e : pending) {
    if (e->id <= entry.last_sent) continue;
    if (!send(entry, *e)) {
      entries_.erase(it);
      return;
    }
  }
}

bool EventHub::send(Entry& entry, const Event& e) {
  entry.last_sent = e.id;
  const auto& audience = entry.subscriber->audience();
  if (!audience.sees(e)) return true;
  return entry.subscriber->send_event(e, audience.staff ? e.staff_json : e.customer_json);
}

void EventHub::run() {
  bool gap_open = false;
  while (true) {
    auto timeout = gap_open ? options_.gap_poll_interval : std::min(options_.poll_interval, options_.heartbeat);
    const auto waited = listener_.wait(timeout);
    if (waited.wake == storage::Listener::Wake::stopped) return;
    try {
      gap_open = catch_up();
    } catch (const std::exception& e) {
      spdlog::warn("events: reading new events failed: {}", e.what());
      gap_open = false;
    }
    if (SteadyClock::now() - last_heartbeat_ >= options_.heartbeat) heartbeat();
    if (!pause_while_idle()) return;
  }
}

// Notifications that come meanwhile are taken and folded into the next read. False on stop.
bool EventHub::pause_while_idle() {
  const auto until = SteadyClock::now() + options_.idle_read_interval;
  while (true) {
    {
      std::lock_guard lock(mutex_);
      if (!entries_.empty()) return true;
    }
    const auto now = SteadyClock::now();
    if (now >= until) return true;
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - now) + std::chrono::milliseconds(1);
    if (listener_.wait(left).wake == storage::Listener::Wake::stopped) return false;
  }
}

bool EventHub::catch_up() {
  while (true) {
    std::int64_t from = 0;
    bool customer_view = false;
    bool bodies = false;
    {
      std::lock_guard lock(mutex_);
      from = position_;
      customer_view = customer_view_;
      bodies = !entries_.empty();
    }
    const auto batch = db_.run_sync([&](storage::Connection& c) {
      return fetch_events(c, from, options_.batch_size, customer_view, bodies);
    });
    const auto now = SteadyClock::now();
    std::vector<EventPtr> ready;
    std::int64_t pos = from;
    bool gap_open = false;
    for (const auto& e : batch.events) {
      if (e->id > pos + 1) {
        // pos+1 .. e->id-1 are missing: in flight, or never to come (see the header).
        const bool observed = gap_ && gap_->from <= pos + 1 && pos + 1 <= gap_->to;
        if (!observed) {
          gap_ = Gap{pos + 1, e->id - 1, batch.xmax, now};
          gap_open = true;
          break;
        }
        if (batch.xmin < gap_->xmax || now - gap_->seen < options_.gap_grace) {
          gap_open = true;
          break;
        }
        const auto skip_to = std::min(gap_->to, e->id - 1);
        spdlog::debug("events: audit ids {}..{} never committed; moving past them", pos + 1, skip_to);
        pos = skip_to;
        gap_.reset();
        if (e->id > pos + 1) {
          gap_ = Gap{pos + 1, e->id - 1, batch.xmax, now};
          gap_open = true;
          break;
        }
      }
      pos = e->id;
      ready.push_back(e);
    }
    if (pos == from) return gap_open;
    std::vector<std::function<void(std::int64_t)>> callbacks;
    {
      std::lock_guard lock(mutex_);
      // A customer subscribed while this batch was read without the customer's view: read it
      // again with it, or the customer would miss these events.
      if (customer_view_ && !customer_view) continue;
      // Someone subscribed while this batch was read without its JSON: read it again with it.
      if (!bodies && !entries_.empty()) continue;
      position_ = pos;
      publish(ready);
      callbacks = advance_callbacks_;
    }
    for (const auto& callback : callbacks) callback(pos);
    if (gap_open || static_cast<int>(batch.events.size()) < options_.batch_size) return gap_open;
  }
}

// Under mutex_.
void EventHub::publish(const std::vector<EventPtr>& events) {
  for (auto it = entries_.begin(); it != entries_.end();) {
    auto& entry = it->second;
    bool alive = true;
    for (const auto& e : events) {
      if (entry.replaying) {
        entry.pending.push_back(e);
        continue;
      }
      if (e->id <= entry.last_sent) continue;
      if (!send(entry, *e)) {
        alive = false;
        break;
      }
    }
    it = alive ? std::next(it) : entries_.erase(it);
  }
}

void EventHub::heartbeat() {
  last_heartbeat_ = SteadyClock::now();
  std::lock_guard lock(mutex_);
  for (auto it = entries_.begin(); it != entries_.end();) {
    const bool alive = it->second.replaying || it->second.subscriber->send_heartbeat();
    it = alive ? std::next(it) : entries_.erase(it);
  }
}

}  // namespace frontdesk::events
