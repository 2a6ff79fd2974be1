#pragma once
// The knowledge base's API operations (routes.cpp lists them with their paths and roles).
// A customer token and no token at all are the public: public, published articles only.
#include "api/endpoint.hpp"

namespace frontdesk::kb::endpoints {

api::Reply list_articles(api::Call& call);  // search when q= is given
api::Reply get_article(api::Call& call);
api::Reply create_article(api::Call& call);
api::Reply update_article(api::Call& call);
api::Reply list_revisions(api::Call& call);
api::Reply get_revision(api::Call& call);
api::Reply restore_revision(api::Call& call);
api::Reply feedback(api::Call& call);
api::Reply list_categories(api::Call& call);
api::Reply create_category(api::Call& call);
api::Reply update_category(api::Call& call);
api::Reply suggest(api::Call& call);
api::Reply search_misses(api::Call& call);

}  // namespace frontdesk::kb::endpoints
