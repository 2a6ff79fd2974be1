#include "api/ticket_query.hpp"

#include "core/ticket_number.hpp"
#include "storage/connection.hpp"

#include <charconv>

namespace frontdesk::api {

namespace {

// The JSON is built by PostgreSQL in one statement: one index probe for the ticket, one
// range scan for its messages, no per-row round trips.
constexpr std::string_view kTicketSql = R"SQL(
WITH t AS (
  SELECT * FROM tickets
  WHERE ($1::bigint IS NOT NULL AND id = $1::bigint) OR ($2::text IS NOT NULL AND number = $2::text)
)
SELECT jsonb_build_object(
  'id', t.id,
  'ticketNumber', t.number,
  'subject', t.subject,
  'description', t.description,
  'category', t.category,
  'priority', t.priority,
  'status', t.status,
  'channel', t.channel,
  'customer', jsonb_build_object('id', c.id, 'name', c.name),
  'assignedTo', CASE WHEN a.id IS NULL THEN NULL
                     ELSE jsonb_build_object('id', a.id, 'name', a.name) END,
  'escalationLevel', t.escalation_level,
  'tags', to_jsonb(t.tags),
  'language', t.language,
  'resolution', CASE WHEN t.resolution_type IS NULL THEN NULL ELSE jsonb_build_object(
      'type', t.resolution_type, 'summary', t.resolution_summary,
      'notes', CASE WHEN $4 THEN t.resolution_notes END) END,
  'mergedInto', t.merged_into,
  'followUpOf', t.follow_up_of,
  'createdAt', fd_iso(t.created_at),
  'updatedAt', fd_iso(t.updated_at),
  'firstResponseAt', fd_iso(t.first_response_at),
  'resolvedAt', fd_iso(t.resolved_at),
  'closedAt', fd_iso(t.closed_at),
  'messages', coalesce((
    SELECT jsonb_agg(jsonb_build_object(
      'id', m.id,
      'author', jsonb_build_object('kind', m.author_kind, 'id', m.author_id),
      'direction', m.direction,
      'isInternal', m.is_internal,
      'channel', m.channel,
      'subject', m.subject,
      'message', m.body,
      'deliveryStatus', m.delivery_status,
      'createdAt', fd_iso(m.created_at),
      'attachments', coalesce((
        SELECT jsonb_agg(jsonb_build_object('id', x.id, 'fileName', x.filename,
                                            'contentType', x.content_type, 'size', x.size)
                         ORDER BY x.id)
        FROM attachments x WHERE x.message_id = m.id), '[]'::jsonb)
    ) ORDER BY m.id)
    FROM messages m WHERE m.ticket_id = t.id AND ($4 OR NOT m.is_internal)), '[]'::jsonb)
)::text
FROM t
JOIN customers c ON c.id = t.customer_id
LEFT JOIN agents a ON a.id = t.assigned_to
WHERE $3::bigint IS NULL OR t.customer_id = $3::bigint
)SQL";

}  // namespace

std::optional<std::string> load_ticket_json(storage::Connection& connection,
                                            std::string_view id_or_number,
                                            const Principal& principal) {
  std::optional<std::int64_t> id;
  std::optional<std::string> number;
  if (core::parse_ticket_number(id_or_number)) {
    number = std::string(id_or_number);
  } else {
    std::int64_t value = 0;
    const auto* end = id_or_number.data() + id_or_number.size();
    const auto [ptr, ec] = std::from_chars(id_or_number.data(), end, value);
    if (ec != std::errc() || ptr != end || value <= 0) return std::nullopt;
    id = value;
  }
  const bool staff = principal.role != core::Role::customer;
  const std::optional<std::int64_t> only_customer =
      staff ? std::nullopt : std::optional<std::int64_t>(principal.customer_id);
  auto rows = connection.exec(kTicketSql, id, number, only_customer, staff);
  if (rows.rows() == 0) return std::nullopt;
  return std::string(rows.text(0, 0));
}

}  // namespace frontdesk::api
