// SPDX-License-Identifier: Apache-2.0
#pragma once
// The banner that pages other than the status page (the help center) show while incidents
// are open: the layout's {{#has_incident_banner}} and {{#incident_banner}} list.
#include "web/site.hpp"

namespace frontdesk::storage {
class Connection;
}

namespace frontdesk::status {

// Sets has_incident_banner and incident_banner [{title, impact, href}] (the open,
// published incidents, newest first, each linking its place on /status) on `page`.
void add_incident_banner(storage::Connection& db, const web::PageLocale& locale, web::Data& page);

}  // namespace frontdesk::status
