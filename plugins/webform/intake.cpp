// SPDX-License-Identifier: Apache-2.0
#include "intake.hpp"

#include "pages.hpp"

#include <array>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <cstdint>
#include <random>
#include <utility>

#include "replies.hpp"
#include "submission.hpp"
#include "text.hpp"
#include "validation.hpp"

namespace frontdesk::webform {

namespace {

constexpr std::size_t kMaxUserAgentBytes = 512;
constexpr std::size_t kMaxVisitorBytes = 64;  // the help center's cookies are shorter
constexpr std::size_t kMaxRemoteAddrBytes = 64;
constexpr std::size_t kMaxLanguageTagBytes = 35;

bool is_language_tag(std::string_view tag) noexcept {
  // BCP 47 in its common shape: letters, then "-"-separated alphanumeric subtags.
  if (tag.empty() || tag.size() > kMaxLanguageTagBytes || tag.front() == '-' || tag.back() == '-' ||
      tag.find("--") != std::string_view::npos) {
    return false;
  }
  const auto first_end = tag.find('-');
  const std::string_view primary = tag.substr(0, first_end);
  if (primary.size() < 2 || primary.size() > 8) {
    return false;
  }
  for (std::size_t i = 0; i < tag.size(); ++i) {
    const char c = tag[i];
    const bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    const bool digit = c >= '0' && c <= '9';
    if (!(letter || (c == '-') || (digit && i > first_end))) {
      return false;
    }
  }
  return true;
}

std::string metadata_json(const IntakeRequest& request) {
  boost::json::object metadata{
      {"remoteAddr", printable_ascii(request.remote_addr, kMaxRemoteAddrBytes)}};
  if (const std::string agent = printable_ascii(request.user_agent, kMaxUserAgentBytes);
      !agent.empty()) {
    metadata["userAgent"] = agent;
  }
  // Who opened suggested articles before writing: their opens did not deflect this ticket.
  if (const std::string visitor = printable_ascii(request.help_visitor, kMaxVisitorBytes); !visitor.empty()) {
    metadata["helpVisitor"] = visitor;
  }
  return boost::json::serialize(metadata);
}

sdk::InboundMessage to_message(ValidSubmission submission, const IntakeRequest& request) {
  sdk::InboundMessage message;
  message.external_id = submission.idempotency_key.empty() ? random_submission_id()
                                                           : std::move(submission.idempotency_key);
  message.identity_kind = "email";
  message.identity_value = std::move(submission.email);
  message.customer_name = std::move(submission.name);
  message.customer_language = preferred_language(request.accept_language);
  message.subject = std::move(submission.subject);
  message.body = std::move(submission.description);
  message.category = std::move(submission.category);
  message.attachments.reserve(submission.files.size());
  for (auto& file : submission.files) {
    message.attachments.push_back(sdk::Attachment{
        std::move(file.filename), std::move(file.content_type), std::move(file.data), {}});
  }
  message.metadata_json = metadata_json(request);
  message.flags = FD_INBOUND_ISSUE_CUSTOMER_TOKEN | FD_INBOUND_NEW_TICKET;
  return message;
}

}  // namespace

Intake::Intake(Config config)
    : config_(std::move(config)), limiter_(config_.rate_limit_per_minute) {}

sdk::Response Intake::form(std::string_view incidents_json) const {
  return form_page(config_, incidents_json);
}

IntakeOutcome Intake::submit(const IntakeRequest& request, RateLimiter::Clock::time_point now) {
  const bool html = prefers_html(request.accept);
  ParseOutcome parsed =
      parse_submission(request.content_type, request.body,
                       UploadLimits{config_.max_attachment_bytes, config_.max_attachments});
  if (const auto* failure = std::get_if<Failure>(&parsed)) {
    return error_reply(*failure, html, config_);
  }
  auto& submission = std::get<Submission>(parsed);

  // A bot that filled the honeypot is counted like anyone else, and thanked, and then
  // nothing happens: whatever it tries, it learns nothing about what was checked.
  const bool bot = honeypot_filled(submission);
  std::optional<ValidSubmission> valid;
  if (!bot) {
    ValidationOutcome checked = validate(std::move(submission), request.idempotency_key);
    if (const auto* failure = std::get_if<Failure>(&checked)) {
      return error_reply(*failure, html, config_);
    }
    valid = std::move(std::get<ValidSubmission>(checked));
  }

  const RateLimiter::Decision decision = limiter_.try_acquire(request.remote_addr, now);
  if (!decision.allowed) {
    const auto seconds = static_cast<std::size_t>(decision.retry_after.count());
    return error_reply(Failure{429, "rate_limited",
                               "too many submissions from this address; try again in " +
                                   std::to_string(seconds) + " seconds"},
                       html, config_, seconds);
  }
  if (bot) {
    return thank_you_reply(html, config_);
  }
  return Accepted{to_message(std::move(*valid), request), html};
}

sdk::Response Intake::answer(const sdk::InboundResult& result, bool html) const {
  return result_reply(result, html, config_);
}

std::string random_submission_id() {
  static constexpr std::string_view kHex = "0123456789abcdef";
  std::random_device device;
  std::string out;
  out.reserve(32);
  for (int word = 0; word < 4; ++word) {
    const std::uint32_t bits = device();
    for (int shift = 28; shift >= 0; shift -= 4) {
      out.push_back(kHex[(bits >> static_cast<unsigned>(shift)) & 0xFU]);
    }
  }
  return out;
}

std::string preferred_language(std::string_view accept_language) {
  while (!accept_language.empty()) {
    const auto comma = accept_language.find(',');
    const std::string_view item = accept_language.substr(0, comma);
    accept_language =
        comma == std::string_view::npos ? std::string_view() : accept_language.substr(comma + 1);
    const auto semicolon = item.find(';');
    const std::string_view tag = trim(item.substr(0, semicolon));
    if (semicolon != std::string_view::npos) {
      const std::string_view weight = trim(item.substr(semicolon + 1));
      if (weight == "q=0" || weight == "q=0.0" || weight == "q=0.00" || weight == "q=0.000") {
        continue;
      }
    }
    if (is_language_tag(tag)) {
      return std::string(tag);
    }
  }
  return {};
}

}  // namespace frontdesk::webform
