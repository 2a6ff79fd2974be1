// SPDX-License-Identifier: Apache-2.0
#pragma once
// The portal's page handlers (routes.cpp lists them with their paths and who may call them).
#include "portal/visit.hpp"

namespace frontdesk::portal {

// sign_in_pages.cpp: asking for a link, the link's page and its button, signing out.
http::Response home(Visit& visit);  // the sign-in form, or the customer's tickets
http::Response request_link(Visit& visit);
http::Response link_page(Visit& visit);
http::Response redeem_link(Visit& visit);
http::Response sign_out(Visit& visit);

// ticket_pages.cpp: reading.
http::Response ticket_list(Visit& visit);
http::Response ticket_page(Visit& visit);
http::Response attachment(Visit& visit);

// ticket_actions.cpp: the ticket page's forms.
http::Response reply(Visit& visit);
http::Response close(Visit& visit);
http::Response reopen(Visit& visit);
http::Response rate(Visit& visit);

}  // namespace frontdesk::portal
