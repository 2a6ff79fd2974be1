// SPDX-License-Identifier: Apache-2.0
#include "replies.hpp"

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <charconv>
#include <string>
#include <utility>

#include "pages.hpp"
#include "text.hpp"

namespace frontdesk::webform {

namespace {

// Every answer to a submission depends on Accept (and a page also on the language) and may
// hold a token: never stored by a cache.
sdk::Response with_submission_headers(sdk::Response response, bool html) {
  return std::move(response)
      .with_header("Cache-Control", "no-store")
      .with_header("Vary", html ? "Accept, Accept-Language" : "Accept");
}

std::string error_json(std::string_view code, std::string_view message) {
  return boost::json::serialize(boost::json::object{
      {"success", false}, {"error", boost::json::object{{"code", code}, {"message", message}}}});
}

// The q-value the Accept ranges give `type`/`subtype`: that of the most specific matching
// range, 0 when none matches.
double quality(std::string_view accept, std::string_view type, std::string_view subtype) {
  int best_specificity = -1;
  double best_q = 0.0;
  while (!accept.empty()) {
    const auto comma = accept.find(',');
    std::string_view range = accept.substr(0, comma);
    accept = comma == std::string_view::npos ? std::string_view() : accept.substr(comma + 1);

    const auto semicolon = range.find(';');
    std::string_view parameters =
        semicolon == std::string_view::npos ? std::string_view() : range.substr(semicolon + 1);
    const std::string_view media = trim(range.substr(0, semicolon));
    const auto slash = media.find('/');
    if (slash == std::string_view::npos) {
      continue;
    }
    const std::string_view range_type = trim(media.substr(0, slash));
    const std::string_view range_subtype = trim(media.substr(slash + 1));
    int specificity = -1;
    if (iequals_ascii(range_type, type) && iequals_ascii(range_subtype, subtype)) {
      specificity = 2;
    } else if (iequals_ascii(range_type, type) && range_subtype == "*") {
      specificity = 1;
    } else if (range_type == "*" && range_subtype == "*") {
      specificity = 0;
    }
    if (specificity <= best_specificity) {
      continue;
    }
    double q = 1.0;
    while (!parameters.empty()) {
      const auto next = parameters.find(';');
      const std::string_view parameter = trim(parameters.substr(0, next));
      parameters =
          next == std::string_view::npos ? std::string_view() : parameters.substr(next + 1);
      if (parameter.size() > 2 && (parameter[0] == 'q' || parameter[0] == 'Q') &&
          parameter[1] == '=') {
        const std::string_view digits = trim(parameter.substr(2));
        double parsed = 0.0;
        const auto [end, error] =
            std::from_chars(digits.data(), digits.data() + digits.size(), parsed);
        q = (error == std::errc() && end == digits.data() + digits.size() && parsed >= 0.0 &&
             parsed <= 1.0)
                ? parsed
                : 0.0;  // a malformed weight does not count as a preference
      }
    }
    best_specificity = specificity;
    best_q = q;
  }
  return best_q;
}

}  // namespace

bool prefers_html(std::string_view accept) {
  return quality(accept, "text", "html") > quality(accept, "application", "json");
}

sdk::Response error_reply(const Failure& failure, bool html, const Config& config,
                          std::size_t retry_after_seconds) {
  sdk::Response response = html ? failure_page(config, failure)
                                 : sdk::Response::json(failure.status, error_json(failure.code, failure.message));
  if (retry_after_seconds > 0) {
    response.with_header("Retry-After", std::to_string(retry_after_seconds));
  }
  return with_submission_headers(std::move(response), html);
}

sdk::Response thank_you_reply(bool html, const Config& config) {
  sdk::Response response =
      html ? received_page(config) : sdk::Response::json(202, R"({"success":true,"message":"Thank you"})");
  return with_submission_headers(std::move(response), html);
}

sdk::Response result_reply(const sdk::InboundResult& result, bool html, const Config& config) {
  switch (result.status) {
    case FD_INGEST_CREATED:
    case FD_INGEST_APPENDED:
    case FD_INGEST_DUPLICATE: {
      const bool created = result.status != FD_INGEST_DUPLICATE;
      const std::uint16_t status = created ? 201 : 200;
      const std::string_view token =
          created ? std::string_view(result.customer_token) : std::string_view();
      if (html) {
        return with_submission_headers(ticket_page(status, config, result.ticket_number, token, created), true);
      }
      boost::json::object body{
          {"success", true},
          {"ticket", boost::json::object{{"id", result.ticket_id},
                                         {"ticketNumber", result.ticket_number},
                                         {"status", result.ticket_status.empty() ? std::string("open") : result.ticket_status}}}};
      if (!token.empty()) {
        body["accessToken"] = token;
      }
      return with_submission_headers(sdk::Response::json(status, boost::json::serialize(body)),
                                     false);
    }
    case FD_INGEST_REJECTED:
      return error_reply(Failure{400, "rejected",
                                 result.error.empty() ? "the message was rejected" : result.error},
                         html, config);
    case FD_INGEST_FAILED:
      break;
  }
  return error_reply(Failure{503, "unavailable",
                             "the ticket could not be stored right now; please try again later"},
                     html, config);
}

}  // namespace frontdesk::webform
