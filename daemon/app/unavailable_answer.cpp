#include "app/unavailable_answer.hpp"

#include "storage/pg_error.hpp"

#include <spdlog/spdlog.h>

#include <memory>
#include <mutex>

namespace frontdesk::app {

namespace {

class FloodLog {
 public:
  explicit FloodLog(std::chrono::seconds interval) : interval_(interval) {}

  void warn(const std::string& what) {
    const auto now = std::chrono::steady_clock::now();
    std::unique_lock lock(mutex_);
    if (logged_once_ && now - last_ < interval_) {
      ++suppressed_;
      return;
    }
    const auto suppressed = std::exchange(suppressed_, 0);
    last_ = now;
    logged_once_ = true;
    lock.unlock();
    if (suppressed > 0) {
      spdlog::warn("http: answering 503, the database is unavailable: {} ({} more since the last report)", what,
                   suppressed);
    } else {
      spdlog::warn("http: answering 503, the database is unavailable: {}", what);
    }
  }

 private:
  std::chrono::seconds interval_;
  std::mutex mutex_;
  std::chrono::steady_clock::time_point last_{};
  bool logged_once_ = false;
  std::uint64_t suppressed_ = 0;
};

}  // namespace

http::Router::ErrorAnswer unavailable_answer(std::chrono::seconds log_interval) {
  auto log = std::make_shared<FloodLog>(log_interval);
  return [log](std::exception_ptr error) -> std::optional<http::Response> {
    try {
      std::rethrow_exception(error);
    } catch (const storage::PgError& e) {
      if (!e.is_transient()) return std::nullopt;
      log->warn(e.what());
      auto response = http::Response::error(503, "unavailable", "The service is unavailable; try again shortly.");
      response.headers.emplace_back("Retry-After", "5");
      return response;
    } catch (...) {
      return std::nullopt;
    }
  };
}

}  // namespace frontdesk::app
