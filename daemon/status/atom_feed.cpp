// SPDX-License-Identifier: Apache-2.0
#include "status/atom_feed.hpp"

#include "status/xml_text.hpp"
#include "storage/connection.hpp"

namespace frontdesk::status {

std::string atom_feed(storage::Connection& db, const PageSettings& page) {
  const std::string page_url = page.public_url + "/status";
  auto entries = db.exec(R"sql(
SELECT i.id, i.title, i.status, i.impact, fd_iso(i.created_at), fd_iso(i.updated_at),
       (SELECT string_agg(to_char(u.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI "UTC"') || ' — ' ||
                          u.status || E'\n' || u.message, E'\n\n' ORDER BY u.id DESC)
        FROM status_incident_updates u WHERE u.incident_id = i.id)
FROM status_incidents i WHERE NOT i.draft ORDER BY i.updated_at DESC, i.id DESC LIMIT 50)sql");
  // With no entries the feed's time is that of the page's components (or the epoch).
  const std::string updated =
      entries.empty() ? std::string(db.exec("SELECT coalesce(fd_iso(max(updated_at)), '1970-01-01T00:00:00.000Z') "
                                            "FROM status_components").text(0, 0))
                      : std::string(entries.text(0, 5));
  std::string xml = R"(<?xml version="1.0" encoding="utf-8"?>)"
                    "\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n";
  xml += "  <id>" + xml_text(page_url) + "</id>\n";
  xml += "  <title>" + xml_text(page.name) + "</title>\n";
  xml += "  <updated>" + updated + "</updated>\n";
  xml += "  <link rel=\"self\" type=\"application/atom+xml\" href=\"" + xml_text(page_url + "/feed.atom") + "\"/>\n";
  xml += "  <link rel=\"alternate\" type=\"text/html\" href=\"" + xml_text(page_url) + "\"/>\n";
  xml += "  <author><name>" + xml_text(page.name) + "</name></author>\n";
  for (int i = 0; i < entries.rows(); ++i) {
    const std::string id(entries.text(i, 0));
    xml += "  <entry>\n";
    xml += "    <id>" + xml_text(page_url + "/incidents/" + id) + "</id>\n";
    xml += "    <title>" + xml_text(std::string(entries.text(i, 1)) + " (" + std::string(entries.text(i, 2)) + ")") +
           "</title>\n";
    xml += "    <published>" + std::string(entries.text(i, 4)) + "</published>\n";
    xml += "    <updated>" + std::string(entries.text(i, 5)) + "</updated>\n";
    xml += "    <link rel=\"alternate\" type=\"text/html\" href=\"" + xml_text(page_url + "#incident-" + id) + "\"/>\n";
    xml += "    <category term=\"" + xml_text(entries.text(i, 3)) + "\"/>\n";
    xml += "    <content type=\"text\">" + xml_text(entries.text(i, 6)) + "</content>\n";
    xml += "  </entry>\n";
  }
  xml += "</feed>\n";
  return xml;
}

}  // namespace frontdesk::status
