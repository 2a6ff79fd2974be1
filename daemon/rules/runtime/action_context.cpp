#include "rules/runtime/action_context.hpp"

#include "storage/connection.hpp"

#include <boost/json/serialize.hpp>

namespace frontdesk::rules::runtime {

namespace {
std::optional<std::string> json_or_null(const boost::json::value& v) {
  if (v.is_null()) return std::nullopt;
  return boost::json::serialize(v);
}
}  // namespace

std::string timestamp(std::int64_t ms) { return format_iso_time(ms); }

void audit(ActionContext& ctx, std::string_view event, const boost::json::value& old_value,
           const boost::json::value& new_value, boost::json::object data) {
  data["depth"] = ctx.depth;
  ctx.db.exec(
      "INSERT INTO audit_events (ticket_id, event, actor_kind, rule, old_value, new_value, data, created_at) "
      "VALUES ($1, $2, 'rule', $3, $4::jsonb, $5::jsonb, $6::jsonb, $7)",
      ctx.ticket.id != 0 ? std::optional(ctx.ticket.id) : std::nullopt, event, ctx.rule.name, json_or_null(old_value), json_or_null(new_value),
      boost::json::serialize(data), timestamp(ctx.now_ms));
}

}  // namespace frontdesk::rules::runtime
