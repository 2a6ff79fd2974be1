// SPDX-License-Identifier: Apache-2.0
// frontdesk ticket list|show and frontdesk stats.
#include "cli/api_call.hpp"

#include <iostream>

namespace po = boost::program_options;
namespace json = boost::json;

namespace frontdesk::cli {

int ticket_list(int argc, char** argv) {
  po::options_description options("Usage: frontdesk ticket list [options]\n"
                                  "Lists tickets, newest first (or by relevance with --q).\n"
                                  "Options");
  const char* filters[] = {"status", "priority", "category", "channel", "assignedTo", "customer",
                           "tags", "q", "createdFrom", "createdTo", "sort", "page", "limit"};
  options.add_options()
      ("status", po::value<std::string>(), "comma list; 'open' means not closed")
      ("priority", po::value<std::string>(), "comma list")
      ("category", po::value<std::string>(), "comma list")
      ("channel", po::value<std::string>(), "comma list")
      ("assignedTo", po::value<std::string>(), "agent id or 'none'")
      ("customer", po::value<std::string>(), "customer id")
      ("tags", po::value<std::string>(), "comma list; tickets having all of them")
      ("q", po::value<std::string>(), "full-text search")
      ("createdFrom", po::value<std::string>(), "YYYY-MM-DD")
      ("createdTo", po::value<std::string>(), "YYYY-MM-DD (inclusive)")
      ("sort", po::value<std::string>(), "relevance, createdAt, -createdAt, updatedAt, "
                                         "-updatedAt, priority, -priority")
      ("page", po::value<std::string>(), "page number (1-based)")
      ("limit", po::value<std::string>(), "tickets per page (at most 100)");
  po::variables_map vm;
  auto ctx = parse_common(argc, argv, options, vm);
  if (!ctx) return 0;
  ApiCall call{"GET", "/api/v1/support/tickets", {}, {}, {}};
  for (const auto* f : filters) {
    if (vm.count(f)) call.query.emplace_back(f, vm[f].as<std::string>());
  }
  return run_api(*ctx, call, [](const json::object& doc) {
    std::vector<std::vector<std::string>> rows;
    for (const auto& t : doc.at("tickets").as_array()) {
      const auto& o = t.as_object();
      const auto& a = o.at("assignedTo");
      rows.push_back({cell(o.at("ticketNumber")), cell(o.at("status")), cell(o.at("priority")),
                      cell(o.at("category")), cell(o.at("channel")),
                      a.is_null() ? "-" : cell(a.at("name")), cell(o.at("subject"))});
    }
    print_table({"NUMBER", "STATUS", "PRIORITY", "CATEGORY", "CHANNEL", "ASSIGNEE", "SUBJECT"},
                rows);
    const auto& p = doc.at("pagination").as_object();
    std::cout << "page " << cell(p.at("page")) << " of " << cell(p.at("pages")) << ", "
              << cell(p.at("total")) << " tickets\n";
  });
}

int ticket_show(int argc, char** argv) {
  po::options_description options("Usage: frontdesk ticket show ID|NUMBER [options]\n"
                                  "Shows a ticket with its messages and internal notes.\n"
                                  "Options");
  options.add_options()("id", po::value<std::string>()->required(), "ticket id or TKT-… number");
  po::positional_options_description positional;
  positional.add("id", 1);
  po::variables_map vm;
  auto ctx = parse_common(argc, argv, options, vm, &positional);
  if (!ctx) return 0;
  return run_api(*ctx,
                 {"GET", "/api/v1/support/tickets/:id", {vm["id"].as<std::string>()}, {}, {}},
                 [](const json::object& doc) {
                   const auto& t = doc.at("ticket").as_object();
                   for (const auto* key : {"ticketNumber", "subject", "status", "priority",
                                           "category", "channel", "createdAt", "resolvedAt"}) {
                     std::cout << key << ": " << cell(t.at(key)) << '\n';
                   }
                   const auto& a = t.at("assignedTo");
                   std::cout << "assignedTo: " << (a.is_null() ? "-" : cell(a.at("name")))
                             << "\ncustomer: " << cell(t.at("customer").at("name")) << "\n";
                   for (const auto& m : t.at("messages").as_array()) {
                     const auto& o = m.as_object();
                     std::cout << "\n--- " << cell(o.at("createdAt")) << ' '
                               << cell(o.at("author").at("kind"))
                               << (o.at("isInternal").as_bool() ? " (internal note)" : "")
                               << "\n" << cell(o.at("message")) << '\n';
                   }
                 });
}

int stats(int argc, char** argv) {
  po::options_description options("Usage: frontdesk stats [options]\n"
                                  "Ticket statistics for tickets created in a period.\nOptions");
  options.add_options()
      ("start-date", po::value<std::string>(), "YYYY-MM-DD")
      ("end-date", po::value<std::string>(), "YYYY-MM-DD (inclusive)")
      ("agent", po::value<std::string>(), "only tickets assigned to this agent id");
  po::variables_map vm;
  auto ctx = parse_common(argc, argv, options, vm);
  if (!ctx) return 0;
  ApiCall call{"GET", "/api/v1/support/stats", {}, {}, {}};
  if (vm.count("start-date")) call.query.emplace_back("startDate", vm["start-date"].as<std::string>());
  if (vm.count("end-date")) call.query.emplace_back("endDate", vm["end-date"].as<std::string>());
  if (vm.count("agent")) call.query.emplace_back("agentId", vm["agent"].as<std::string>());
  return run_api(*ctx, call, [](const json::object& doc) {
    std::cout << "tickets: " << cell(doc.at("total")) << '\n';
    for (const auto* key : {"statusBreakdown", "priorityBreakdown", "categoryBreakdown",
                            "channelBreakdown"}) {
      std::cout << key << ':';
      for (const auto& b : doc.at(key).as_array()) {
        std::cout << ' ' << cell(b.at("_id")) << '=' << cell(b.at("count"));
      }
      std::cout << '\n';
    }
    for (const auto& [k, v] : doc.at("agentStats").as_object()) {
      std::cout << k << ": " << cell(v) << '\n';
    }
    for (const auto* key : {"firstContactResolutionRate", "escalationRate", "reopenRate"}) {
      std::cout << key << ": " << cell(doc.at(key)) << '\n';
    }
    for (const auto* key : {"firstResponseTime", "resolutionTime"}) {
      if (!doc.at(key).is_object()) continue;
      const auto& t = doc.at(key).as_object();
      std::cout << key << " (s): mean " << cell(t.at("mean")) << ", p50 " << cell(t.at("p50")) << ", p90 "
                << cell(t.at("p90")) << '\n';
    }
  });
}

}  // namespace frontdesk::cli
