// SPDX-License-Identifier: Apache-2.0
#pragma once
// The canned-response, preview-reply and macro API operations (routes.cpp lists them with
// their paths and roles; all are staff-only).
#include "api/endpoint.hpp"

namespace frontdesk::canned::endpoints {

api::Answer list_canned(api::Call& call);
api::Answer create_canned(api::Call& call);
api::Answer get_canned(api::Call& call);
api::Answer update_canned(api::Call& call);
api::Answer delete_canned(api::Call& call);
api::Answer preview_reply(api::Call& call);
api::Answer list_macros(api::Call& call);
api::Answer run_macro(api::Call& call);  // ?dryRun=true: what it would do, nothing changed

}  // namespace frontdesk::canned::endpoints
