// SPDX-License-Identifier: Apache-2.0
#pragma once
// The operations behind the notification routes (routes.cpp); they read the templates from
// the rule set of the call's rules::RuleStore (api/call_context.hpp), the daemon's running one
// or the one `frontdesk notify` loads.
#include "api/endpoint.hpp"

namespace frontdesk::notifications::endpoints {

api::Answer send_notification(api::Call& call);  // POST /notifications
api::Answer opt_in(api::Call& call);             // POST /customers/:id/opt-in

}  // namespace frontdesk::notifications::endpoints
