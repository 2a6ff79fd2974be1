// SPDX-License-Identifier: Apache-2.0
#pragma once
// The knowledge base's API operations (routes.cpp lists them with their paths and roles).
// A customer token and no token at all are the public: public, published articles only.
#include "api/endpoint.hpp"

namespace frontdesk::kb::endpoints {

api::Answer list_articles(api::Call& call);  // search when q= is given
api::Answer get_article(api::Call& call);
api::Answer create_article(api::Call& call);
api::Answer update_article(api::Call& call);
api::Answer list_revisions(api::Call& call);
api::Answer get_revision(api::Call& call);
api::Answer restore_revision(api::Call& call);
api::Answer feedback(api::Call& call);
api::Answer list_categories(api::Call& call);
api::Answer create_category(api::Call& call);
api::Answer update_category(api::Call& call);
api::Answer suggest(api::Call& call);
api::Answer search_misses(api::Call& call);

}  // namespace frontdesk::kb::endpoints
