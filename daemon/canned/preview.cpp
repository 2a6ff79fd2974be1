// SPDX-License-Identifier: Apache-2.0
// POST /tickets/:id/preview-reply: what a reply would say, rendered exactly as sending it
// would render it, and the placeholders it leaves unresolved (sending those is refused).
#include "api/json_body.hpp"
#include "api/ticket_access.hpp"
#include "canned/endpoints.hpp"
#include "canned/reply_text.hpp"
#include "core/locale.hpp"

#include <boost/json/array.hpp>

namespace frontdesk::canned::endpoints {

api::Answer preview_reply(api::Call& call) {
  FD_TRY(const auto body, api::JsonBody::parse(call.request.body, {"text", "cannedResponseId", "locale"}));
  ReplyRequest request;
  FD_TRY(request.text, body.string("text", 64 * 1024));
  FD_TRY(request.canned_id, body.id("cannedResponseId"));
  FD_TRY(const auto locale, body.string("locale", 35));
  if (request.text.has_value() == request.canned_id.has_value()) {
    return api::invalid("give either text or cannedResponseId");
  }
  if (locale) {
    request.locale = core::normalize_locale(*locale);
    if (!request.locale) return api::invalid("locale: '" + *locale + "' is not a language tag such as en or pt-BR");
  }
  FD_TRY(const auto ticket, api::find_ticket(call, call.param(0), false));
  request.ticket_id = ticket.id;
  request.writer = Viewer{call.principal.agent_id, call.admin()};
  FD_TRY(const auto reply, compose_reply(call.db, request, "text"));
  boost::json::array unresolved;
  for (const auto& name : reply.rendered.unresolved) unresolved.emplace_back(name);
  api::Reply r;
  r.body["text"] = reply.rendered.text;
  r.body["locale"] = reply.locale;
  r.body["unresolved"] = std::move(unresolved);
  return r;
}

}  // namespace frontdesk::canned::endpoints
