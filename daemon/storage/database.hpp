// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <exception>
#include <mutex>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include <boost/asio/async_result.hpp>
#include <boost/asio/associated_executor.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>

#include "storage/connection.hpp"

namespace frontdesk::storage {

// A pool of `size` connections served by a thread pool of `size` threads, so blocking
// libpq calls never run on the HTTP threads.
//
// Connections are opened lazily, on first use: constructing a Database touches no
// network, and the first statement reports an unreachable server (start-up calls ping()
// or run_sync() to fail fast). A connection found broken when leased is reset once;
// if that fails the caller gets the PgError and the next lease tries again. A lease
// returned inside an open transaction is rolled back; one left in an unknown protocol
// state is closed and replaced on next use.
class Database {
public:
  Database(std::string conninfo, std::size_t size);
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;
  ~Database();  // stop()

  // Runs f(Connection&) on a pool thread and completes with (exception_ptr, R) — or
  // (exception_ptr) when f returns void — on the handler's associated executor:
  //   auto n = co_await db.async_run([](Connection& c) { ... }, boost::asio::use_awaitable);
  // R must be default-constructible (the error path still passes a value). A handler
  // without an executor of its own runs directly on the pool thread.
  template <class F, class Token>
  auto async_run(F&& f, Token&& token);

  // Runs f(Connection&) on the calling thread with a leased connection (start-up, CLI).
  template <class F>
  auto run_sync(F&& f) -> std::invoke_result_t<F&, Connection&> {
    Lease lease = acquire(std::nullopt);
    return f(lease.connection());
  }

  // SELECT 1 under a short statement_timeout, waiting at most ~2 s for a free
  // connection; false (and a warning in the log) on any failure. Blocks the caller.
  bool ping();

  // Runs all queued work, joins the threads, waits for run_sync leases to come back and
  // closes the connections. Idempotent; not to be called from inside async_run work.
  // async_run after stop() has begun completes with a PgError; so does run_sync once
  // it has finished.
  void stop();

  [[nodiscard]] const std::string& conninfo() const noexcept { return conninfo_; }
  [[nodiscard]] std::size_t size() const noexcept { return slots_.size(); }

private:
  class Lease {
  public:
    Lease(Database& db, std::size_t slot) noexcept : db_(&db), slot_(slot) {}
    Lease(Lease&& other) noexcept : db_(std::exchange(other.db_, nullptr)), slot_(other.slot_) {}
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    Lease& operator=(Lease&&) = delete;
    ~Lease() {
      if (db_) db_->release(slot_);
    }
    Connection& connection() { return *db_->slots_[slot_]; }

  private:
    Database* db_;
    std::size_t slot_;
  };

  static std::exception_ptr stopped_error();

  // Blocks until a connection is free; throws PgError 08001 if `wait` expires or the
  // pool is closed, and the connect/reset error if the connection cannot be opened.
  Lease acquire(std::optional<std::chrono::milliseconds> wait);
  void release(std::size_t slot) noexcept;

  std::string conninfo_;
  std::vector<std::optional<Connection>> slots_;  // a slot is touched only by its lease holder
  mutable std::mutex mutex_;
  std::condition_variable freed_;
  std::vector<std::size_t> free_;  // guarded by mutex_
  bool stopping_ = false;          // guarded by mutex_: no new async work
  bool closed_ = false;            // guarded by mutex_: connections closed
  std::once_flag stop_once_;
  boost::asio::thread_pool pool_;
};

namespace detail {
template <class R>
struct RunSignature {
  using type = void(std::exception_ptr, R);
};
template <>
struct RunSignature<void> {
  using type = void(std::exception_ptr);
};
}  // namespace detail

template <class F, class Token>
auto Database::async_run(F&& f, Token&& token) {
  using Fn = std::decay_t<F>;
  using R = std::invoke_result_t<Fn&, Connection&>;
  using Value = std::conditional_t<std::is_void_v<R>, int, R>;  // int: placeholder for void
  static_assert(std::is_void_v<R> || std::is_default_constructible_v<R>,
                "Database::async_run: the function's result type must be default-constructible");

  auto complete = [](auto& handler, std::exception_ptr error, Value value) {
    if constexpr (std::is_void_v<R>) {
      std::move(handler)(error);
    } else {
      std::move(handler)(error, std::move(value));
    }
  };

  auto initiation = [this, complete](auto handler, Fn fn) {
    auto executor = boost::asio::get_associated_executor(handler);
    std::unique_lock lock(mutex_);
    if (stopping_) {
      lock.unlock();
      // Never complete inline in the initiating call.
      boost::asio::post(executor, [handler = std::move(handler), complete]() mutable {
        complete(handler, stopped_error(), Value{});
      });
      return;
    }
    // The work guard keeps the caller's io_context from running out of work meanwhile.
    boost::asio::post(pool_, [this, complete, fn = std::move(fn), handler = std::move(handler),
                              work = boost::asio::make_work_guard(executor)]() mutable {
      std::exception_ptr error;
      Value value{};
      try {
        Lease lease = acquire(std::nullopt);
        if constexpr (std::is_void_v<R>) {
          fn(lease.connection());
        } else {
          value = fn(lease.connection());
        }
      } catch (...) {
        error = std::current_exception();
      }
      // Queue the completion before dropping the work guard, or the io_context could
      // see no work in between and return from run().
      boost::asio::dispatch(work.get_executor(),
                            [handler = std::move(handler), complete, error, value = std::move(value)]() mutable {
                              complete(handler, error, std::move(value));
                            });
      work.reset();
    });
  };
  return boost::asio::async_initiate<Token, typename detail::RunSignature<R>::type>(
      std::move(initiation), token, Fn(std::forward<F>(f)));
}

}  // namespace frontdesk::storage
