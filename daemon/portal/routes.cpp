// SPDX-License-Identifier: Apache-2.0
#include "portal/routes.hpp"

#include "http/router.hpp"
#include "portal/pages.hpp"
#include "security/tokens.hpp"
#include "storage/connection.hpp"
#include "storage/database.hpp"

#include <boost/asio/use_awaitable.hpp>

#include <array>

namespace frontdesk::portal {

namespace {

enum class Access {
  page,         // GET: anyone (the page itself asks a signed-out visitor to sign in)
  signed_in,    // GET: a signed-in customer, else the sign-in form
  public_form,  // POST from our own pages, signed in or not
  own_form,     // POST from our own pages by a signed-in customer with the session's CSRF token
};

struct Route {
  std::string_view method;
  std::string_view pattern;
  Access access;
  Handler handler;
};

constexpr std::array kRoutes{
    Route{"GET", "/portal/", Access::page, home},
    Route{"POST", "/portal/sign-in-link", Access::public_form, request_link},
    Route{"GET", "/portal/sign-in", Access::page, link_page},
    Route{"POST", "/portal/sign-in", Access::public_form, redeem_link},
    Route{"POST", "/portal/sign-out", Access::own_form, sign_out},
    Route{"GET", "/portal/tickets/:id", Access::signed_in, ticket_page},
    Route{"GET", "/portal/tickets/:id/attachments/:file", Access::signed_in, attachment},
    Route{"POST", "/portal/tickets/:id/reply", Access::own_form, reply},
    Route{"POST", "/portal/tickets/:id/close", Access::own_form, close},
    Route{"POST", "/portal/tickets/:id/reopen", Access::own_form, reopen},
    Route{"POST", "/portal/tickets/:id/rate", Access::own_form, rate},
};

// "http://host:port" of an Origin or Referer value (a Referer's path dropped).
std::string_view origin_of(std::string_view url) {
  const auto scheme = url.find("://");
  if (scheme == std::string_view::npos) return url;
  return url.substr(0, url.find('/', scheme + 3));
}

// A form's POST comes from one of our pages: its Origin (else Referer), when the browser sent
// one, is the public URL's or the Host the request came to. No header at all is allowed
// (privacy tools strip them); the CSRF token and SameSite=Lax stand without it.
bool same_origin(const PortalContext& ctx, const http::Request& request) {
  auto sent = request.header("Origin");
  if (!sent) sent = request.header("Referer");
  if (!sent) return true;
  const auto origin = origin_of(*sent);
  if (origin == origin_of(ctx.signin.public_url)) return true;
  const auto host = request.header("Host");
  const auto at = origin.find("://");
  return host && at != std::string_view::npos && origin.substr(at + 3) == *host;
}

http::Response form_refused(Visit& visit, FormError error) {
  if (error == FormError::file_too_large || error == FormError::too_many_files) {
    return message_page(visit, 413, "portal_refused_title",
                        error == FormError::file_too_large ? "portal_error_too_large" : "portal_error_too_many");
  }
  return message_page(visit, error == FormError::unsupported ? 415 : 400, "portal_refused_title", "portal_error_form");
}

http::Response run(storage::Connection& db, const PortalContext& ctx, const Route& route,
                   const http::Request& request) {
  Visit visit{ctx, db, request, ctx.site.locale_of(request), std::nullopt, {}, {}};
  if (const auto cookie = request.cookie(api::kPortalCookie)) {
    visit.customer = api::authenticate_session(db, "portal", *cookie);
    if (visit.customer) visit.cookie = std::string(*cookie);
  }
  const bool form = route.access == Access::public_form || route.access == Access::own_form;
  if (form) {
    if (!same_origin(ctx, request)) return message_page(visit, 403, "portal_refused_title", "portal_error_origin");
    auto parsed = parse_form(request.header("Content-Type").value_or(""), request.body);
    if (!parsed.form) return form_refused(visit, parsed.error);
    visit.form = std::move(*parsed.form);
  }
  if ((route.access == Access::signed_in || route.access == Access::own_form) && !visit.customer) {
    return see_other(visit, "/portal/");
  }
  if (route.access == Access::own_form &&
      !security::constant_time_equal(visit.form.field("csrf"), visit.csrf())) {
    return message_page(visit, 403, "portal_refused_title", "portal_error_csrf");
  }
  return route.handler(visit);
}

boost::asio::awaitable<http::Response> serve(const PortalContext& ctx, const Route& route, http::Request req) {
  // A named callable, not a temporary inside the co_await expression (GCC 12, see api/routes.cpp).
  auto work = [&ctx, &route, req = std::move(req)](storage::Connection& c) { return run(c, ctx, route, req); };
  co_return co_await ctx.signin.db.async_run(std::move(work), boost::asio::use_awaitable);
}

}  // namespace

void register_portal_routes(http::Router& router, const PortalContext& context) {
  for (const auto& route : kRoutes) {
    router.add_coro(route.method, route.pattern,
                    [&context, &route](http::Request req) { return serve(context, route, std::move(req)); });
  }
  // The portal's address without its slash.
  router.add("GET", "/portal", [](http::Request req, http::Responder responder) {
    http::Response r;
    r.status = 308;
    r.headers.emplace_back("Location", "/portal/" + (req.query.empty() ? std::string() : "?" + req.query));
    responder.send(std::move(r));
  });
}

}  // namespace frontdesk::portal
