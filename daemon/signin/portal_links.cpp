// SPDX-License-Identifier: Apache-2.0
// The portal's sign-in links (DESIGN.md "Sign-in"): asked for by address, sent by mail through
// the outbox, good once within 15 minutes. The mailed link opens a page whose button redeems
// it, so a mail scanner that fetches links does not use it up.
#include "signin/endpoints.hpp"

#include "api/json_body.hpp"
#include "http/request.hpp"
#include "security/tokens.hpp"
#include "signin/session_cookie.hpp"
#include "signin/sessions.hpp"
#include "storage/connection.hpp"
#include "web/site.hpp"

#include <boost/json.hpp>

namespace frontdesk::signin {

namespace json = boost::json;
using api::Answer;
using api::Reply;

namespace {

constexpr int kLinkMinutes = 15;
constexpr std::int64_t kLinksPerAddressPerHour = 5;
constexpr std::int64_t kLinksPerClientPerHour = 20;

std::string digest_of(std::string_view token) { return security::to_bytea_hex(security::token_digest(token)); }

// The link's mail, in the customer's language when it is offered.
void send_link(const SignInContext& ctx, storage::Connection& db, std::string_view to, std::string_view language,
               const std::string& url) {
  const auto& offered = ctx.site->locales().offered();
  const std::string locale = std::find(offered.begin(), offered.end(), language) != offered.end()
                                 ? std::string(language)
                                 : ctx.site->locales().default_locale();
  const auto& t = ctx.site->messages();
  const auto subject = t.text(locale, "portal_link_subject");
  const auto body = t.format(locale, "portal_link_body", {url, std::to_string(kLinkMinutes)});
  const json::object metadata{{"autoSubmitted", "auto-generated"}};
  db.exec("INSERT INTO outbox (channel, to_kind, to_value, subject, body, metadata) "
          "VALUES ('email', 'email', $1, $2, $3, $4::jsonb)",
          to, subject, body, json::serialize(metadata));
}

}  // namespace

namespace endpoints {

Answer request_portal_link(SignInCall& call) {
  FD_TRY(const auto body, api::JsonBody::parse(call.request.body, {"email"}));
  FD_TRY(const auto email, body.required_string("email", 320));
  Reply accepted;
  accepted.status = 202;
  accepted.body["accepted"] = true;
  // The same answer whether or not the address is known, or the limits were reached: the
  // endpoint must not tell who is a customer.
  auto found = call.db.exec(
      "SELECT c.id, c.language, i.value, "
      "  (SELECT count(*) FROM sign_in_links l WHERE l.customer_id = c.id AND l.created_at > now() - interval '1 hour'), "
      "  (SELECT count(*) FROM sign_in_links l WHERE l.client_address = $2 AND l.created_at > now() - interval '1 hour') "
      "FROM customer_identities i JOIN customers c ON c.id = i.customer_id "
      "WHERE i.kind = 'email' AND i.value = lower(btrim($1))",
      email, call.request.remote_addr);
  if (found.rows() == 0 || found.get<std::int64_t>(0, 3) >= kLinksPerAddressPerHour ||
      found.get<std::int64_t>(0, 4) >= kLinksPerClientPerHour) {
    return accepted;
  }
  const auto token = security::generate_token("fdl_");
  call.db.exec(
      "INSERT INTO sign_in_links (token_hash, purpose, customer_id, client_address, expires_at) "
      "VALUES ($1::bytea, 'portal', $2, $3, now() + make_interval(mins => $4))",
      digest_of(token), found.get<std::int64_t>(0, 0), call.request.remote_addr, kLinkMinutes);
  send_link(call.ctx, call.db, found.text(0, 2), found.text(0, 1),
            call.ctx.public_url + "/portal/sign-in?token=" + token);
  return accepted;
}

Answer redeem_portal_link(SignInCall& call) {
  FD_TRY(const auto body, api::JsonBody::parse(call.request.body, {"token"}));
  FD_TRY(const auto token, body.required_string("token", 512));
  auto used = call.db.exec(
      "UPDATE sign_in_links SET used_at = now() WHERE token_hash = $1::bytea AND purpose = 'portal' "
      "AND used_at IS NULL AND expires_at > now() RETURNING customer_id",
      digest_of(token));
  if (used.rows() == 0) {
    return api::problem(410, "link_expired", "this sign-in link was used already or has expired; ask for a new one");
  }
  const auto customer = used.get<std::int64_t>(0, 0);
  const auto cookie = start_session(call.db, Person{"portal", customer}, call.request);
  Reply reply;
  reply.body["customerId"] = customer;
  reply.body["csrfToken"] = api::csrf_token(cookie);
  reply.headers.emplace_back("Set-Cookie", session_cookie(api::kPortalCookie, cookie, kSessionLifetime,
                                                          call.ctx.secure_cookies()));
  reply.headers.emplace_back("Cache-Control", "no-store");
  return reply;
}

}  // namespace endpoints

}  // namespace frontdesk::signin
