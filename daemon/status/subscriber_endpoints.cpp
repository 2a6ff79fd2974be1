// SPDX-License-Identifier: Apache-2.0
// GET /subscribers: who follows the page (admins only; addresses are personal data).
#include "status/endpoints.hpp"
#include "storage/connection.hpp"

#include <boost/json/parse.hpp>

namespace frontdesk::status::endpoints {

namespace json = boost::json;

api::Answer list_subscribers(api::Call& call) {
  auto rows = call.db.exec(
      "SELECT jsonb_build_object('id', s.id, 'channel', s.channel, 'address', s.address, 'locale', s.locale, "
      "'confirmed', s.confirmed_at IS NOT NULL, 'unsubscribed', s.unsubscribed_at IS NOT NULL, "
      "'createdAt', fd_iso(s.created_at), 'confirmedAt', fd_iso(s.confirmed_at), "
      "'components', coalesce((SELECT jsonb_agg(c.name ORDER BY c.id) FROM status_subscriber_components sc "
      "JOIN status_components c ON c.id = sc.component_id WHERE sc.subscriber_id = s.id), '[]'::jsonb))::text "
      "FROM status_subscribers s ORDER BY s.id LIMIT 1000");
  json::array list;
  for (int i = 0; i < rows.rows(); ++i) list.push_back(json::parse(rows.text(i, 0)));
  api::Reply r;
  r.body["count"] = list.size();
  r.body["subscribers"] = std::move(list);
  return r;
}

}  // namespace frontdesk::status::endpoints
