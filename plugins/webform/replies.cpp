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

// Pages embed nothing from elsewhere; their one script is the daemon's own file that suggests
// help-center articles (/assets/suggest.js, calling /api/v1/support/kb/suggest). They are
// never framed or cached.
constexpr std::string_view kContentSecurityPolicy =
    "default-src 'none'; style-src 'unsafe-inline'; script-src 'self'; connect-src 'self'; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

sdk::Response with_page_headers(sdk::Response response) {
  return std::move(response)
      .with_header("Content-Security-Policy", std::string(kContentSecurityPolicy))
      .with_header("X-Content-Type-Options", "nosniff")
      .with_header("Referrer-Policy", "no-referrer");
}

// Headers of every answer to a submission: it depends on Accept and may hold a token.
sdk::Response with_submission_headers(sdk::Response response, bool html) {
  response.with_header("Cache-Control", "no-store").with_header("Vary", "Accept");
  return html ? with_page_headers(std::move(response)) : response;
}

std::string error_json(std::string_view code, std::string_view message) {
  return boost::json::serialize(boost::json::object{
      {"success", false}, {"error", boost::json::object{{"code", code}, {"message", message}}}});
}

std::string_view error_heading(std::string_view code) {
  if (code == "rate_limited") {
    return "Too many requests";
  }
  if (code == "attachment_too_large" || code == "too_many_attachments") {
    return "Please check your attachments";
  }
  if (code == "unavailable") {
    return "Please try again in a few minutes";
  }
  if (code == "rejected") {
    return "We could not accept your request";
  }
  return "Please check your request";
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

sdk::Response form_reply(std::string_view title, std::size_t max_attachments,
                         std::size_t max_attachment_bytes, std::string_view incidents_json) {
  return with_page_headers(
      sdk::Response::html(200, form_page(title, max_attachments, max_attachment_bytes, incidents_json)));
}

sdk::Response error_reply(const Failure& failure, bool html, std::string_view title,
                          std::size_t retry_after_seconds) {
  sdk::Response response =
      html ? sdk::Response::html(failure.status,
                                 message_page(title, error_heading(failure.code), failure.message))
           : sdk::Response::json(failure.status, error_json(failure.code, failure.message));
  if (retry_after_seconds > 0) {
    response.with_header("Retry-After", std::to_string(retry_after_seconds));
  }
  return with_submission_headers(std::move(response), html);
}

sdk::Response thank_you_reply(bool html, std::string_view title) {
  sdk::Response response =
      html ? sdk::Response::html(202, message_page(title, "Thank you", "We received your message."))
           : sdk::Response::json(202, R"({"success":true,"message":"Thank you"})");
  return with_submission_headers(std::move(response), html);
}

sdk::Response result_reply(const sdk::InboundResult& result, bool html, std::string_view title) {
  switch (result.status) {
    case FD_INGEST_CREATED:
    case FD_INGEST_APPENDED:
    case FD_INGEST_DUPLICATE: {
      const bool created = result.status != FD_INGEST_DUPLICATE;
      const std::uint16_t status = created ? 201 : 200;
      const std::string_view token =
          created ? std::string_view(result.customer_token) : std::string_view();
      if (html) {
        return with_submission_headers(
            sdk::Response::html(status, ticket_page(title, result.ticket_number, token, created)),
            true);
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
                         html, title);
    case FD_INGEST_FAILED:
      break;
  }
  return error_reply(Failure{503, "unavailable",
                             "the ticket could not be stored right now; please try again later"},
                     html, title);
}

}  // namespace frontdesk::webform
