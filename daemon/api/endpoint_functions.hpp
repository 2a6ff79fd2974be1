// SPDX-License-Identifier: Apache-2.0
#pragma once
// The functions behind the API's endpoints; routes.cpp lists them with their paths and roles.
#include "api/endpoint.hpp"

namespace frontdesk::api::endpoints_impl {

Answer create_ticket(Call& call);
Answer list_tickets(Call& call);
Answer get_ticket(Call& call);
Answer add_message(Call& call);
Answer reopen(Call& call);
Answer rate(Call& call);
Answer dashboard(Call& call);
Answer assign(Call& call);
Answer status(Call& call);
Answer priority(Call& call);
Answer close(Call& call);
Answer escalate(Call& call);
Answer merge(Call& call);
Answer unmerge(Call& call);
Answer split(Call& call);
Answer bulk(Call& call);
Answer ticket_events(Call& call);
Answer availability(Call& call);
Answer stats(Call& call);
Answer stats_tickets(Call& call);
Answer create_agent(Call& call);
Answer list_agents(Call& call);
Answer update_agent(Call& call);
Answer set_agent_password(Call& call);
Answer create_token(Call& call);

}  // namespace frontdesk::api::endpoints_impl
