// SPDX-License-Identifier: Apache-2.0
#include "status/incident_banner.hpp"

#include "storage/connection.hpp"
#include "storage/result.hpp"

namespace frontdesk::status {

void add_incident_banner(storage::Connection& db, const web::PageLocale& locale, web::Data& page) {
  const auto open = db.exec(
      "SELECT id, title, impact FROM status_incidents WHERE NOT draft AND status <> 'resolved' "
      "ORDER BY id DESC LIMIT 5");
  const std::string lang_query = locale.from_query ? "?lang=" + locale.locale : std::string();
  web::Data list = web::Data::type::list;
  for (int i = 0; i < open.rows(); ++i) {
    web::Data item = web::Data::type::object;
    item.set("title", std::string(open.text(i, 1)));
    item.set("impact", std::string(open.text(i, 2)));
    item.set("href", "/status" + lang_query + "#incident-" + std::string(open.text(i, 0)));
    list.push_back(std::move(item));
  }
  page.set("has_incident_banner", open.rows() > 0);
  page.set("incident_banner", std::move(list));
}

}  // namespace frontdesk::status
