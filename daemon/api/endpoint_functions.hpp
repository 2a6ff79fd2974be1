#pragma once
// The functions behind the API's endpoints; routes.cpp lists them with their paths and roles.
#include "api/endpoint.hpp"

namespace frontdesk::api::endpoints_impl {

Reply create_ticket(Call& call);
Reply list_tickets(Call& call);
Reply get_ticket(Call& call);
Reply add_message(Call& call);
Reply reopen(Call& call);
Reply rate(Call& call);
Reply dashboard(Call& call);
Reply assign(Call& call);
Reply status(Call& call);
Reply priority(Call& call);
Reply close(Call& call);
Reply escalate(Call& call);
Reply merge(Call& call);
Reply unmerge(Call& call);
Reply split(Call& call);
Reply bulk(Call& call);
Reply ticket_events(Call& call);
Reply availability(Call& call);
Reply stats(Call& call);
Reply create_agent(Call& call);
Reply list_agents(Call& call);
Reply update_agent(Call& call);
Reply create_token(Call& call);

}  // namespace frontdesk::api::endpoints_impl
