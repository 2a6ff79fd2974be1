// SPDX-License-Identifier: Apache-2.0
#pragma once
// The status page's admin API under /api/v1/status (routes.cpp lists them with their paths
// and roles). Every change is one transaction with its audit event (actor: the caller).
#include "api/endpoint.hpp"

namespace frontdesk::status::endpoints {

api::Answer list_components(api::Call& call);
api::Answer create_component(api::Call& call);
api::Answer update_component(api::Call& call);
api::Answer list_groups(api::Call& call);
api::Answer create_group(api::Call& call);
api::Answer list_incidents(api::Call& call);
api::Answer get_incident(api::Call& call);
api::Answer create_incident(api::Call& call);
api::Answer update_incident(api::Call& call);  // title, impact, components; publishes a draft
api::Answer add_incident_update(api::Call& call);
api::Answer list_maintenances(api::Call& call);
api::Answer create_maintenance(api::Call& call);
api::Answer update_maintenance(api::Call& call);
api::Answer list_templates(api::Call& call);
api::Answer create_template(api::Call& call);
api::Answer list_subscribers(api::Call& call);

}  // namespace frontdesk::status::endpoints
