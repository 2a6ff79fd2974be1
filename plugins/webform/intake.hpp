// SPDX-License-Identifier: Apache-2.0
// What the webform channel does with a request, independent of the plugin ABI: parse,
// catch bots, validate, rate-limit, and turn a good submission into an InboundMessage.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include <frontdesk/plugin.hpp>

#include "config.hpp"
#include "rate_limiter.hpp"

namespace frontdesk::webform {

// The parts of POST /api/v1/support/tickets the channel looks at.
struct IntakeRequest {
  std::string_view remote_addr;
  std::string_view content_type;
  std::string_view accept;
  std::string_view accept_language;
  std::string_view user_agent;
  std::optional<std::string_view> idempotency_key;
  std::string_view help_visitor;  // the help center's fd_visitor cookie, if any
  std::string_view body;
};

// A submission to hand to the host; answer with Intake::answer once it is committed.
struct Accepted {
  sdk::InboundMessage message;
  bool html = false;  // the client prefers an HTML page to JSON
};

// Either the answer to send right away or a message to submit.
using IntakeOutcome = std::variant<sdk::Response, Accepted>;

class Intake {
 public:
  explicit Intake(Config config);

  [[nodiscard]] const Config& config() const noexcept { return config_; }

  // GET /support/new.
  [[nodiscard]] sdk::Response form(std::string_view incidents_json = {}) const;

  // POST /api/v1/support/tickets. Thread-safe.
  [[nodiscard]] IntakeOutcome submit(const IntakeRequest& request,
                                     RateLimiter::Clock::time_point now);

  // The answer to an Accepted submission once the host reported what became of it.
  [[nodiscard]] sdk::Response answer(const sdk::InboundResult& result, bool html) const;

 private:
  Config config_;
  RateLimiter limiter_;
};

// A fresh submission id: 128 bits from std::random_device as 32 lower-case hex digits.
[[nodiscard]] std::string random_submission_id();

// The first language tag of an Accept-Language header with a non-zero weight ("de-CH" of
// "de-CH, en;q=0.5"), or empty.
[[nodiscard]] std::string preferred_language(std::string_view accept_language);

}  // namespace frontdesk::webform
