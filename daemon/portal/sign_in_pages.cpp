// SPDX-License-Identifier: Apache-2.0
// Signing in to the portal with a link sent by mail (DESIGN.md "Sign-in"): the operations are
// daemon/signin's own (request_portal_link, redeem_portal_link, logout); these pages are
// their HTML forms. The link opens a page whose button POSTs the token, so a mail scanner
// that fetches the link does not use it up.
#include "portal/pages.hpp"

#include "signin/endpoints.hpp"
#include "storage/connection.hpp"

#include <boost/json/serialize.hpp>

namespace frontdesk::portal {

namespace {

namespace json = boost::json;

// A sign-in operation as the visitor's browser would call it, with `body` as its JSON, in
// one transaction as its route runs it.
api::Answer run_signin(Visit& visit, api::Answer (*operation)(signin::SignInCall&), const json::object& body) {
  http::Request request = visit.request;  // its cookie: a session it names is ended first
  request.body = json::serialize(body);
  signin::SignInCall call{visit.ctx.signin, visit.db, request, visit.customer ? &*visit.customer : nullptr};
  storage::Transaction tx(visit.db);
  auto answer = operation(call);
  if (answer) tx.commit();
  return answer;
}

// The e-mail form, with what just happened above it (`notice_key`, when not empty).
http::Response sign_in_form(Visit& visit, unsigned status, std::string_view notice_key) {
  web::Data data = web::Data::type::object;
  if (!notice_key.empty()) data.set("notice", visit.text(notice_key));
  data.set("expired", notice_key == "portal_link_expired");
  return portal_page(visit, status, "portal_home", visit.text("portal_sign_in_title"), "/portal/", std::move(data));
}

http::Response with_headers(http::Response response, const api::Reply& reply) {
  for (const auto& header : reply.headers) {
    if (header.first == "Set-Cookie") response.headers.push_back(header);
  }
  return response;
}

}  // namespace

http::Response home(Visit& visit) {
  if (visit.customer) return ticket_list(visit);
  const auto shown = visit.request.query_param("shown");
  if (shown == std::optional<std::string>("link_sent")) return sign_in_form(visit, 200, "portal_link_sent");
  if (shown == std::optional<std::string>("signed_out")) return sign_in_form(visit, 200, "portal_signed_out");
  return sign_in_form(visit, 200, "");
}

http::Response request_link(Visit& visit) {
  const auto email = visit.form.field("email");
  // The same page whatever happened: it must not tell who is a customer. An address the
  // operation refuses (empty, too long) gets no mail, as an unknown one.
  if (!email.empty()) (void)run_signin(visit, signin::endpoints::request_portal_link, {{"email", email}});
  return see_other(visit, "/portal/", "shown=link_sent");
}

http::Response link_page(Visit& visit) {
  const auto token = visit.request.query_param("token").value_or("");
  if (token.empty()) return see_other(visit, "/portal/");
  web::Data data = web::Data::type::object;
  data.set("token", token);
  // The token is in this page's address; the pages' Referrer-Policy (same-origin) keeps it on
  // this server. Not no-referrer: the browser would then send "Origin: null" with the button's
  // POST, which the same-origin check rightly refuses.
  return portal_page(visit, 200, "portal_sign_in", visit.text("portal_sign_in_title"), "/portal/sign-in",
                     std::move(data));
}

http::Response redeem_link(Visit& visit) {
  const auto token = visit.form.field("token");
  auto answer = token.empty() ? api::Answer(api::problem(410, "link_expired", ""))
                              : run_signin(visit, signin::endpoints::redeem_portal_link, {{"token", token}});
  if (!answer) {
    if (answer.error().status != 410 && answer.error().status != 422) {
      throw std::runtime_error("portal sign-in: " + answer.error().message);
    }
    return sign_in_form(visit, 410, "portal_link_expired");
  }
  return with_headers(see_other(visit, "/portal/"), *answer);
}

http::Response sign_out(Visit& visit) {
  auto answer = run_signin(visit, signin::endpoints::logout, {});
  if (!answer) throw std::runtime_error("portal sign-out: " + answer.error().message);
  return with_headers(see_other(visit, "/portal/", "shown=signed_out"), *answer);
}

}  // namespace frontdesk::portal
