// SPDX-License-Identifier: Apache-2.0
#pragma once
// The customer portal (DESIGN.md "Agent console and customer portal"), server-rendered,
// working without JavaScript, in the visitor's language:
//   GET  /portal/                          the sign-in form, or the customer's tickets
//   POST /portal/sign-in-link              the form: mails a link (the same page in every case)
//   GET  /portal/sign-in?token=            the link's page: a button, the token in a hidden field
//   POST /portal/sign-in                   redeems it (once, within 15 minutes), sets fd_portal
//   POST /portal/sign-out
//   GET  /portal/tickets/:id               the conversation and its forms
//   GET  /portal/tickets/:id/attachments/:file
//   POST /portal/tickets/:id/reply|close|reopen|rate
// A form's POST from another origin is refused; a signed-in one needs the session's CSRF
// token in its `csrf` field (api::csrf_token of the cookie).
namespace frontdesk::http {
class Router;
}

namespace frontdesk::portal {

struct PortalContext;

// `context` must outlive the router.
void register_portal_routes(http::Router& router, const PortalContext& context);

}  // namespace frontdesk::portal
