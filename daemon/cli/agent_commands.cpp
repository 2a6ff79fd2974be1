// SPDX-License-Identifier: Apache-2.0
// frontdesk agent add|list|set|passwd and frontdesk token create.
#include "cli/api_call.hpp"

#include <iostream>

namespace po = boost::program_options;
namespace json = boost::json;

namespace frontdesk::cli {

namespace {

void add_agent_options(po::options_description& options) {
  options.add_options()
      ("name", po::value<std::string>(), "display name")
      ("email", po::value<std::string>(), "email address (unique)")
      ("role", po::value<std::string>(), "agent or admin")
      ("department", po::value<std::string>(), "department")
      ("max-concurrent", po::value<int>(), "maximum concurrent tickets (default 5)")
      ("availability", po::value<std::string>(), "available, busy, away or offline");
}

json::object agent_body(const po::variables_map& vm) {
  json::object body;
  for (const auto* key : {"name", "email", "role", "department", "availability"}) {
    if (vm.count(key)) body[key] = vm[key].as<std::string>();
  }
  if (vm.count("max-concurrent")) body["maxConcurrent"] = vm["max-concurrent"].as<int>();
  return body;
}

void print_agents(const json::array& agents) {
  std::vector<std::vector<std::string>> rows;
  for (const auto& a : agents) {
    const auto& o = a.as_object();
    rows.push_back({cell(o.at("id")), cell(o.at("name")), cell(o.at("email")), cell(o.at("role")),
                    cell(o.at("availability")), cell(o.at("openTickets")),
                    cell(o.at("maxConcurrent"))});
  }
  print_table({"ID", "NAME", "EMAIL", "ROLE", "AVAILABILITY", "OPEN", "MAX"}, rows);
}

}  // namespace

int agent_add(int argc, char** argv) {
  po::options_description options("Usage: frontdesk agent add --name NAME --email EMAIL "
                                  "[options]\nAdds a support agent.\nOptions");
  add_agent_options(options);
  po::variables_map vm;
  auto ctx = parse_common(argc, argv, options, vm);
  if (!ctx) return 0;
  return run_api(*ctx, {"POST", "/api/v1/support/agents", {}, {}, agent_body(vm)},
                 [](const json::object& doc) { print_agents(json::array{doc.at("agent")}); });
}

int agent_list(int argc, char** argv) {
  po::options_description options("Usage: frontdesk agent list [options]\nLists agents.\nOptions");
  po::variables_map vm;
  auto ctx = parse_common(argc, argv, options, vm);
  if (!ctx) return 0;
  return run_api(*ctx, {"GET", "/api/v1/support/agents", {}, {}, {}},
                 [](const json::object& doc) { print_agents(doc.at("agents").as_array()); });
}

int agent_set(int argc, char** argv) {
  po::options_description options("Usage: frontdesk agent set ID [options]\n"
                                  "Changes an agent's fields.\nOptions");
  add_agent_options(options);
  options.add_options()("id", po::value<std::string>()->required(), "agent id");
  po::positional_options_description positional;
  positional.add("id", 1);
  po::variables_map vm;
  auto ctx = parse_common(argc, argv, options, vm, &positional);
  if (!ctx) return 0;
  return run_api(*ctx,
                 {"PUT", "/api/v1/support/agents/:id", {vm["id"].as<std::string>()}, {},
                  agent_body(vm)},
                 [](const json::object& doc) { print_agents(json::array{doc.at("agent")}); });
}

int agent_passwd(int argc, char** argv) {
  po::options_description options("Usage: frontdesk agent passwd EMAIL [options] < password\n"
                                  "Sets the password the agent signs in with, read from the first line of\n"
                                  "standard input (not an argument: arguments show in ps). Ends the agent's\n"
                                  "sessions.\nOptions");
  options.add_options()("email", po::value<std::string>()->required(), "the agent's e-mail address");
  po::positional_options_description positional;
  positional.add("email", 1);
  po::variables_map vm;
  auto ctx = parse_common(argc, argv, options, vm, &positional);
  if (!ctx) return 0;
  const auto email = vm["email"].as<std::string>();
  auto found = ctx->connect().exec("SELECT id FROM agents WHERE lower(email) = lower(btrim($1))", email);
  if (found.rows() == 0) {
    std::cerr << "frontdesk: no agent has the e-mail address " << email << '\n';
    return 1;
  }
  std::string password;
  std::getline(std::cin, password);
  if (!password.empty() && password.back() == '\r') password.pop_back();
  json::object body{{"password", password}};
  return run_api(*ctx, {"PUT", "/api/v1/support/agents/:id/password", {std::string(found.text(0, 0))}, {}, body},
                 [&](const json::object&) { std::cout << "password set for " << email << '\n'; });
}

int token_create(int argc, char** argv) {
  po::options_description options(
      "Usage: frontdesk token create --role customer|agent|admin [options]\n"
      "Creates an API token. It is printed once and stored only as a digest.\nOptions");
  options.add_options()
      ("role", po::value<std::string>()->required(), "customer, agent or admin")
      ("agent", po::value<std::int64_t>(), "agent id (agent tokens; optional for admin)")
      ("customer", po::value<std::int64_t>(), "customer id (customer tokens)")
      ("email", po::value<std::string>(), "customer email, instead of --customer")
      ("label", po::value<std::string>(), "a note on what the token is for")
      ("expires-days", po::value<int>(), "expire after this many days");
  po::variables_map vm;
  auto ctx = parse_common(argc, argv, options, vm);
  if (!ctx) return 0;
  json::object body{{"role", vm["role"].as<std::string>()}};
  if (vm.count("agent")) body["agentId"] = vm["agent"].as<std::int64_t>();
  if (vm.count("customer")) body["customerId"] = vm["customer"].as<std::int64_t>();
  if (vm.count("email")) body["email"] = vm["email"].as<std::string>();
  if (vm.count("label")) body["label"] = vm["label"].as<std::string>();
  if (vm.count("expires-days")) body["expiresInDays"] = vm["expires-days"].as<int>();
  return run_api(*ctx, {"POST", "/api/v1/support/tokens", {}, {}, body},
                 [](const json::object& doc) {
                   std::cout << cell(doc.at("token")) << '\n';
                   std::cerr << "token " << cell(doc.at("id")) << " (" << cell(doc.at("role"))
                             << "): shown once; store it now\n";
                 });
}

}  // namespace frontdesk::cli
