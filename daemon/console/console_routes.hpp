// SPDX-License-Identifier: Apache-2.0
#pragma once
// The agents' console at /console/: one HTML page for every path of the application (the
// browser's router shows the view), naming the hashed bundle, style sheet and catalogues.
namespace frontdesk::http {
class Router;
}
namespace frontdesk::web {
class Site;
}

namespace frontdesk::console {

// `site` must outlive the router.
void register_console_routes(http::Router& router, const web::Site& site);

}  // namespace frontdesk::console
