// SPDX-License-Identifier: Apache-2.0
#pragma once
// The help center: server-rendered pages over the knowledge base's public API operations
// (the same validation, visibility and vote rules as /api/v1/support/kb), in the locale the
// visitor asks for, working without JavaScript:
//   GET  /help                        categories, the search box, popular articles
//   GET  /help/search?q=              results with highlighted snippets
//   GET  /help/articles/:slug         the article, its breadcrumbs and the vote form
//   POST /help/articles/:slug/vote    helpful=yes|no from that form, then 303 back
namespace frontdesk::http {
class Router;
}
namespace frontdesk::web {
class Site;
}

namespace frontdesk::kb {

struct KbContext;

// `context` and `site` must outlive the router.
void register_help_center(http::Router& router, const KbContext& context, const web::Site& site);

}  // namespace frontdesk::kb
