// SPDX-License-Identifier: Apache-2.0
// Agents (POST/GET /agents, PUT /agents/:id), availability and API tokens.
#include "api/endpoint_functions.hpp"
#include "api/json_body.hpp"
#include "api/ticket_access.hpp"
#include "security/tokens.hpp"
#include "storage/connection.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include <stdexcept>

namespace frontdesk::api::endpoints_impl {

namespace json = boost::json;

namespace {

constexpr std::string_view kAgentJson =
    "jsonb_build_object('id', a.id, 'name', a.name, 'email', a.email, 'role', a.role, "
    "'employeeId', a.employee_id, 'department', a.department, 'phoneNumber', a.phone, "
    "'specializations', to_jsonb(a.specializations), 'languages', to_jsonb(a.languages), "
    "'availability', a.availability, 'maxConcurrent', a.max_concurrent, "
    "'openTickets', a.open_tickets, 'ticketsHandled', a.tickets_handled, "
    "'ticketsClosed', a.tickets_closed, 'rating', CASE WHEN a.rating_count = 0 THEN NULL "
    "ELSE round(a.rating_sum::numeric / a.rating_count, 2) END, 'ratingCount', a.rating_count, "
    "'createdAt', fd_iso(a.created_at))::text";

json::value agent_json(Call& call, std::int64_t id) {
  auto rows = call.db.exec("SELECT " + std::string(kAgentJson) + " FROM agents a WHERE id = $1",
                           id);
  // The agent the call has just made or changed.
  if (rows.rows() == 0) throw std::logic_error("agent " + std::to_string(id) + " vanished");
  return json::parse(rows.text(0, 0));
}

const std::initializer_list<std::string_view> kAgentFields{
    "name",      "firstName", "lastName",     "phoneNumber",  "email",
    "role",      "employeeId", "department",  "specializations", "languages",
    "availability", "maxConcurrent"};

// Seed 003 names agents by firstName and lastName; `name` is the whole name. Either way
// gives the one name the agent is shown by.
Result<std::optional<std::string>> agent_name(const JsonBody& body) {
  FD_TRY(auto name, body.string("name", 200));
  FD_TRY(const auto first, body.string("firstName", 100));
  FD_TRY(const auto last, body.string("lastName", 100));
  if (name && (first || last)) return invalid("give either name or firstName and lastName, not both");
  if (name || (!first && !last)) return name;
  std::string joined = first.value_or("");
  if (last && !last->empty()) joined += (joined.empty() ? "" : " ") + *last;
  return std::optional<std::string>(std::move(joined));
}

// Seed 003's "support" role is an agent.
Result<std::optional<std::string>> agent_role(const JsonBody& body) {
  FD_TRY(auto role, body.string("role", 16));
  if (role == "support") role = "agent";
  if (role && *role != "agent" && *role != "admin") return invalid("role must be agent (or support) or admin");
  return role;
}

Result<std::optional<std::string>> phone_number(const JsonBody& body) {
  FD_TRY(auto phone, body.string("phoneNumber", 32));
  if (phone && (phone->empty() || phone->find_first_not_of("+0123456789 -()") != std::string::npos)) {
    return invalid("phoneNumber must be digits, spaces, '+', '-' and parentheses");
  }
  return phone;
}

void record_availability(Call& call, std::int64_t agent, const std::string& from,
                         const std::string& to) {
  if (from == to) return;
  audit(call, std::nullopt, "agent.availability_changed", json::string(from), json::string(to),
        json::object{{"agentId", agent}});
}

std::string optional_json(const std::optional<std::vector<std::string>>& v) {
  return v ? json_array_text(*v) : std::string();
}

}  // namespace

Answer create_agent(Call& call) {
  FD_TRY(const auto body, JsonBody::parse(call.request.body, kAgentFields));
  FD_TRY(const auto given_name, agent_name(body));
  const auto name = given_name.value_or("");
  if (name.empty()) return invalid("name (or firstName and lastName) is required");
  FD_TRY(const auto email, body.required_string("email", 254));
  if (email.find('@') == std::string::npos) return invalid("email is not a valid address");
  FD_TRY(const auto given_role, agent_role(body));
  const auto role = given_role.value_or("agent");
  FD_TRY(const auto availability, body.enumeration<core::Availability>("availability"));
  FD_TRY(const auto specializations, body.strings("specializations", 50, 64));
  FD_TRY(const auto languages, body.strings("languages", 20, 16));
  auto exists = call.db.exec("SELECT 1 FROM agents WHERE email = lower(btrim($1))", email);
  if (exists.rows() > 0) return conflict("an agent with email " + email + " exists");
  FD_TRY(const auto phone, phone_number(body));
  FD_TRY(const auto max_concurrent, body.integer("maxConcurrent", 1, 1000));
  FD_TRY(const auto department, body.string("department", 100));
  FD_TRY(const auto employee_id, body.string("employeeId", 100));
  auto rows = call.db.exec(
      "INSERT INTO agents (name, email, role, employee_id, department, specializations, "
      "languages, availability, max_concurrent, phone) VALUES ($1, lower(btrim($2)), $3, $4, $5, "
      "coalesce(ARRAY(SELECT jsonb_array_elements_text(nullif($6, '')::jsonb)), '{}'), "
      "CASE WHEN $7 = '' THEN '{en}' ELSE ARRAY(SELECT jsonb_array_elements_text($7::jsonb)) END, "
      "coalesce($8, 'offline'), coalesce($9, 5), $10) RETURNING id",
      name, email, role, employee_id, department, optional_json(specializations),
      optional_json(languages),
      availability ? std::optional<std::string>(core::to_string(*availability)) : std::nullopt,
      max_concurrent, phone);
  const auto id = rows.get<std::int64_t>(0, 0);
  audit(call, std::nullopt, "agent.created", nullptr, json::string(name),
        json::object{{"agentId", id}});
  return api::created("agent", agent_json(call, id));
}

Answer list_agents(Call& call) {
  auto rows = call.db.exec("SELECT " + std::string(kAgentJson) + " FROM agents a ORDER BY a.id");
  json::array agents;
  for (int i = 0; i < rows.rows(); ++i) agents.push_back(json::parse(rows.text(i, 0)));
  Reply r;
  r.body["count"] = agents.size();
  r.body["agents"] = std::move(agents);
  return r;
}

Answer update_agent(Call& call) {
  FD_TRY(const auto body, JsonBody::parse(call.request.body, kAgentFields));
  const auto id = parse_id(call.param(0));
  if (!id) return not_found("agent");
  auto current = call.db.exec("SELECT availability FROM agents WHERE id = $1 FOR UPDATE", *id);
  if (current.rows() == 0) return not_found("agent");
  FD_TRY(const auto role, agent_role(body));
  FD_TRY(const auto name, agent_name(body));
  if (name && name->empty()) return invalid("name must not be empty");
  FD_TRY(const auto email, body.string("email", 254));
  if (email && email->find('@') == std::string::npos) return invalid("email is not a valid address");
  FD_TRY(const auto availability, body.enumeration<core::Availability>("availability"));
  const auto availability_text =
      availability ? std::optional<std::string>(core::to_string(*availability)) : std::nullopt;
  FD_TRY(const auto specializations, body.strings("specializations", 50, 64));
  FD_TRY(const auto languages, body.strings("languages", 20, 16));
  FD_TRY(const auto phone, phone_number(body));
  FD_TRY(const auto max_concurrent, body.integer("maxConcurrent", 1, 1000));
  FD_TRY(const auto department, body.string("department", 100));
  FD_TRY(const auto employee_id, body.string("employeeId", 100));
  call.db.exec(
      "UPDATE agents SET name = coalesce($2, name), email = coalesce(lower(btrim($3)), email), "
      "role = coalesce($4, role), employee_id = coalesce($5, employee_id), "
      "department = coalesce($6, department), "
      "specializations = CASE WHEN $7 = '' THEN specializations "
      "  ELSE ARRAY(SELECT jsonb_array_elements_text($7::jsonb)) END, "
      "languages = CASE WHEN $8 = '' THEN languages "
      "  ELSE ARRAY(SELECT jsonb_array_elements_text($8::jsonb)) END, "
      "availability = coalesce($9, availability), max_concurrent = coalesce($10, max_concurrent), "
      "phone = coalesce($11, phone), updated_at = now() WHERE id = $1",
      *id, name, email, role, employee_id, department, optional_json(specializations),
      optional_json(languages), availability_text, max_concurrent, phone);
  if (availability_text) {
    record_availability(call, *id, std::string(current.text(0, 0)), *availability_text);
  }
  Reply r;
  r.body["agent"] = agent_json(call, *id);
  return r;
}

Answer availability(Call& call) {
  FD_TRY(const auto body, JsonBody::parse(call.request.body, {"status", "agentId"}));
  FD_TRY(const auto status, body.enumeration<core::Availability>("status"));
  if (!status) return invalid("status is required");
  FD_TRY(auto agent, body.id("agentId"));
  if (agent && call.principal.role != core::Role::admin && *agent != call.principal.agent_id) {
    return forbidden("agents may set only their own availability");
  }
  if (!agent) {
    if (call.principal.agent_id == 0) return invalid("agentId is required for a token with no agent");
    agent = call.principal.agent_id;
  }
  auto current = call.db.exec("SELECT availability FROM agents WHERE id = $1 FOR UPDATE", *agent);
  if (current.rows() == 0) return not_found("agent");
  const std::string to(core::to_string(*status));
  call.db.exec("UPDATE agents SET availability = $2, updated_at = now() WHERE id = $1", *agent, to);
  record_availability(call, *agent, std::string(current.text(0, 0)), to);
  Reply r;
  r.body["agent"] = agent_json(call, *agent);
  return r;
}

Answer create_token(Call& call) {
  FD_TRY(const auto body,
         JsonBody::parse(call.request.body, {"role", "agentId", "customerId", "email", "name",
                                             "label", "expiresInDays"}));
  FD_TRY(const auto role, body.enumeration<core::Role>("role"));
  if (!role) return invalid("role is required (customer, agent or admin)");
  FD_TRY(const auto agent, body.id("agentId"));
  FD_TRY(auto customer, body.id("customerId"));
  FD_TRY(const auto given_label, body.string("label", 200));
  const auto label = given_label.value_or("");
  FD_TRY(const auto days, body.integer("expiresInDays", 1, 36500));
  if (*role == core::Role::customer) {
    if (agent) return invalid("agentId is for agent and admin tokens");
    if (!customer) {
      FD_TRY(const auto email, body.string("email", 254));
      if (!email || email->find('@') == std::string::npos) {
        return invalid("a customer token needs customerId or email");
      }
      FD_TRY(const auto customer_name, body.string("name", 200));
      // The same customer an email to the desk would resolve to.
      auto rows = call.db.exec(
          "WITH found AS (SELECT customer_id FROM customer_identities "
          "  WHERE kind = 'email' AND value = lower(btrim($1))), "
          "made AS (INSERT INTO customers (name) SELECT coalesce($2, '') "
          "  WHERE NOT EXISTS (SELECT 1 FROM found) RETURNING id), "
          "ident AS (INSERT INTO customer_identities (kind, value, customer_id) "
          "  SELECT 'email', lower(btrim($1)), id FROM made RETURNING customer_id) "
          "SELECT customer_id FROM found UNION ALL SELECT customer_id FROM ident",
          *email, customer_name);
      customer = rows.get<std::int64_t>(0, 0);
    } else if (call.db.exec("SELECT 1 FROM customers WHERE id = $1", *customer).rows() == 0) {
      return invalid("customerId: no customer with id " + std::to_string(*customer));
    }
  } else {
    if (customer) return invalid("customerId is for customer tokens");
    if (*role == core::Role::agent && !agent) return invalid("an agent token needs agentId");
    if (agent) FD_CHECK(require_agent(call, *agent, "agentId"));
  }
  const std::string_view prefix = *role == core::Role::customer ? "fdc_"
                                  : *role == core::Role::agent  ? "fda_"
                                                                : "fdx_";
  const auto token = security::generate_token(prefix);
  auto rows = call.db.exec(
      "INSERT INTO api_tokens (token_hash, role, customer_id, agent_id, label, expires_at) "
      "VALUES ($1::bytea, $2, $3, $4, $5, now() + make_interval(days => $6::int)) "
      "RETURNING id, fd_iso(expires_at)",
      security::to_bytea_hex(security::token_digest(token)), core::to_string(*role), customer,
      agent, label, days);
  Reply r;
  r.status = 201;
  r.body["token"] = token;
  r.body["id"] = rows.get<std::int64_t>(0, 0);
  r.body["role"] = core::to_string(*role);
  r.body["customerId"] = customer ? json::value(*customer) : json::value(nullptr);
  r.body["agentId"] = agent ? json::value(*agent) : json::value(nullptr);
  r.body["expiresAt"] = rows.is_null(0, 1) ? json::value(nullptr) : json::value(rows.text(0, 1));
  return r;
}

}  // namespace frontdesk::api::endpoints_impl
