// SPDX-License-Identifier: Apache-2.0
// The webform channel as a Frontdesk plugin: routes and host glue over Intake.
#include <frontdesk/cookie.hpp>
#include <frontdesk/plugin.hpp>

#include <atomic>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

#include "config.hpp"
#include "intake.hpp"
#include "replies.hpp"

namespace frontdesk::webform {
namespace {

class WebformPlugin final : public sdk::Plugin {
 public:
  WebformPlugin(sdk::Host& host, std::string_view config_json)
      : host_(host), intake_(parse_config(config_json)) {
    // The form, with a banner of the status page's open incidents (none when they cannot be read).
    host_.route("GET", "/support/new", 0, [this](const sdk::Request&, const sdk::Responder& out) {
      host_.open_incidents([this, out](bool, const std::string& incidents) { out.send(intake_.form(incidents)); });
    });
    host_.route("POST", "/api/v1/support/tickets", FD_ROUTE_ANONYMOUS_ONLY,
                [this](const sdk::Request& request, const sdk::Responder& out) {
                  on_submit(request, out);
                });
  }

  void stop() override { stopped_.store(true); }

 private:
  void on_submit(const sdk::Request& request, const sdk::Responder& out) {
    IntakeRequest in;
    in.remote_addr = request.remote_addr();
    in.content_type = request.header("Content-Type").value_or("");
    in.accept = request.header("Accept").value_or("");
    in.accept_language = request.header("Accept-Language").value_or("");
    in.user_agent = request.header("User-Agent").value_or("");
    in.idempotency_key = request.header("Idempotency-Key");
    in.help_visitor = cookie_value(request.header("Cookie").value_or(""), "fd_visitor").value_or("");
    in.body = request.body();

    if (stopped_.load()) {
      out.send(error_reply(Failure{503, "unavailable", "the service is shutting down"},
                           prefers_html(in.accept), intake_.config()));
      return;
    }
    IntakeOutcome outcome = intake_.submit(in, RateLimiter::Clock::now());
    if (const auto* response = std::get_if<sdk::Response>(&outcome)) {
      out.send(*response);
      return;
    }
    const Accepted& accepted = std::get<Accepted>(outcome);
    // Answered only from the completion callback: after the commit, never before.
    host_.submit(accepted.message,
                 [this, out, html = accepted.html](const sdk::InboundResult& result) {
                   if (result.status == FD_INGEST_CREATED) {
                     host_.log(FD_LOG_INFO, "web form created ticket " + result.ticket_number);
                   } else if (result.status == FD_INGEST_FAILED) {
                     host_.log(FD_LOG_WARN, "web form submission not stored: " + result.error);
                   }
                   out.send(intake_.answer(result, html));
                 });
  }

  sdk::Host& host_;
  Intake intake_;
  std::atomic<bool> stopped_{false};
};

// Defaults here and in Config must agree; the unit tests check that they do.
const fd_config_key kWebformKeys[] = {
    {"rate_limit_per_minute", FD_CONFIG_INT, "10",
     "Accepted submissions per remote address in any 60 s window (per process); then 429"},
    {"max_attachment_bytes", FD_CONFIG_INT, "10485760",
     "Largest accepted file, in bytes; else 413"},
    {"max_attachments", FD_CONFIG_INT, "10", "Most files in one submission (0 = none); else 413"},
    {"title", FD_CONFIG_STRING, "\"\"",
     "Heading of the contact form's pages; empty: the catalogue's, in the visitor's language"},
    // Read by frontdeskd, which sends it (rules/channel_rules.hpp): the plugin only declares it.
    {"confirmation", FD_CONFIG_BOOL, "true",
     "Mail the sender a confirmation with the ticket number (template webform_confirmation)"},
};

}  // namespace
}  // namespace frontdesk::webform

FRONTDESK_PLUGIN(frontdesk::webform::WebformPlugin, "webform", FRONTDESK_WEBFORM_VERSION,
                 frontdesk::webform::kWebformKeys)
