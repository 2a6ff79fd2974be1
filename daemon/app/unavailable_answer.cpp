// SPDX-License-Identifier: Apache-2.0
#include "app/unavailable_answer.hpp"

#include "core/log_limiter.hpp"
#include "storage/pg_error.hpp"

#include <spdlog/spdlog.h>

#include <memory>

namespace frontdesk::app {

http::Router::ErrorAnswer unavailable_answer(std::chrono::seconds log_interval) {
  auto limiter = std::make_shared<core::LogLimiter>(log_interval);
  return [limiter](std::exception_ptr error) -> std::optional<http::Response> {
    try {
      std::rethrow_exception(error);
    } catch (const storage::PgError& e) {
      if (!e.is_transient()) return std::nullopt;
      if (const auto held_back = limiter->admit()) {
        spdlog::warn("http: answering 503, the database is unavailable: {} ({} more since the last report)", e.what(),
                     *held_back);
      }
      auto response = http::Response::error(503, "unavailable", "The service is unavailable; try again shortly.");
      response.headers.emplace_back("Retry-After", "5");
      return response;
    } catch (...) {
      return std::nullopt;
    }
  };
}

}  // namespace frontdesk::app
