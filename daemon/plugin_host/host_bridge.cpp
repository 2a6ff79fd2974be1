#include "plugin_host/host_bridge.hpp"

#include "http/router.hpp"
#include "ingest/pipeline.hpp"
#include "storage/connection.hpp"
#include "storage/database.hpp"

#include <spdlog/spdlog.h>

#include <memory>
#include <vector>

struct fd_responder {
  frontdesk::http::Responder responder;
};

namespace frontdesk::plugin_host {

namespace {

std::string_view view(fd_str s) { return s.data ? std::string_view(s.data, s.size) : std::string_view(); }
std::string copy(fd_str s) { return std::string(view(s)); }
fd_str str(std::string_view s) { return fd_str{s.data(), s.size()}; }

void host_log(fd_host* host, fd_log_level level, fd_str message) {
  const auto text = view(message);
  switch (level) {
    case FD_LOG_DEBUG: spdlog::debug("[{}] {}", host->channel, text); break;
    case FD_LOG_INFO: spdlog::info("[{}] {}", host->channel, text); break;
    case FD_LOG_WARN: spdlog::warn("[{}] {}", host->channel, text); break;
    default: spdlog::error("[{}] {}", host->channel, text); break;
  }
}

void call_route(fd_host* host, fd_route_handler handler, void* user, const http::Request& req,
                http::Responder responder) {
  std::vector<fd_header> headers;
  headers.reserve(req.headers.size());
  for (const auto& [name, value] : req.headers) headers.push_back({str(name), str(value)});
  std::vector<fd_str> params;
  params.reserve(req.params.size());
  for (const auto& p : req.params) params.push_back(str(p));

  fd_http_request c{};
  c.struct_size = sizeof(fd_http_request);
  c.method = str(req.method);
  c.path = str(req.path);
  c.query = str(req.query);
  c.remote_addr = str(req.remote_addr);
  c.headers = headers.data();
  c.header_count = headers.size();
  c.body = str(req.body);
  c.params = params.data();
  c.param_count = params.size();

  auto* handle = new fd_responder{std::move(responder)};
  try {
    handler(user, &c, handle);
  } catch (...) {
    // A C++ plugin that lets an exception escape breaks the ABI contract; contain it.
    spdlog::error("[{}] route handler threw; answering 500", host->channel);
    handle->responder.send(http::Response::error(500, "internal_error", "plugin failure"));
    delete handle;
  }
}

int host_register_route(fd_host* host, fd_str method, fd_str pattern, uint32_t flags,
                        fd_route_handler handler, void* user) {
  if (!host->accepting_routes || handler == nullptr) return -1;
  const bool added = host->router->add(
      view(method), view(pattern),
      [host, handler, user](http::Request req, http::Responder responder) {
        call_route(host, handler, user, req, std::move(responder));
      },
      flags);
  if (!added) {
    spdlog::error("[{}] route {} {} clashes with an existing route", host->channel, view(method),
                  view(pattern));
    return -1;
  }
  return 0;
}

void host_respond(fd_responder* handle, const fd_http_response* response) {
  if (handle == nullptr) return;
  std::unique_ptr<fd_responder> owned(handle);
  if (response == nullptr || response->struct_size < sizeof(fd_http_response)) {
    owned->responder.send(http::Response::error(500, "internal_error", "plugin gave no response"));
    return;
  }
  http::Response out;
  out.status = response->status;
  out.content_type = copy(response->content_type);
  out.body = copy(response->body);
  for (std::size_t i = 0; i < response->header_count; ++i) {
    out.headers.emplace_back(copy(response->headers[i].name), copy(response->headers[i].value));
  }
  owned->responder.send(std::move(out));
}

ingest::InboundMessage to_message(const fd_host& host, const fd_inbound_message& m) {
  ingest::InboundMessage out;
  out.channel = host.channel;
  out.external_id = copy(m.external_id);
  out.identity_kind = copy(m.identity_kind);
  out.identity_value = copy(m.identity_value);
  out.customer_name = copy(m.customer_name);
  out.customer_language = copy(m.customer_language);
  out.ticket_ref = copy(m.ticket_ref);
  for (std::size_t i = 0; i < m.thread_key_count; ++i) out.thread_keys.push_back(copy(m.thread_keys[i]));
  out.own_thread_key = copy(m.own_thread_key);
  out.subject = copy(m.subject);
  out.body = copy(m.body);
  out.category = copy(m.category);
  out.priority = copy(m.priority);
  for (std::size_t i = 0; i < m.attachment_count; ++i) {
    const auto& a = m.attachments[i];
    out.attachments.push_back(
        {copy(a.filename), copy(a.content_type), copy(a.content_id), copy(a.data)});
  }
  out.metadata_json = copy(m.metadata_json);
  out.issue_customer_token = (m.flags & FD_INBOUND_ISSUE_CUSTOMER_TOKEN) != 0;
  out.new_ticket = (m.flags & FD_INBOUND_NEW_TICKET) != 0;
  return out;
}

void answer(fd_inbound_done done, void* user, const ingest::IngestResult& r) {
  fd_inbound_result c{};
  c.struct_size = sizeof(fd_inbound_result);
  c.status = static_cast<fd_ingest_status>(r.status);
  c.ticket_id = r.ticket_id;
  c.message_id = r.message_id;
  c.ticket_number = str(r.ticket_number);
  c.customer_token = str(r.customer_token);
  c.error = str(r.error);
  c.ticket_status = str(r.ticket_status);
  done(user, &c);
}

void host_submit_inbound(fd_host* host, const fd_inbound_message* message, fd_inbound_done done,
                         void* user) {
  if (done == nullptr) return;
  ingest::IngestResult refused;
  if (message == nullptr || message->struct_size < sizeof(fd_inbound_message)) {
    refused.status = ingest::IngestStatus::rejected;
    refused.error = "inbound message struct is too small for this host";
    answer(done, user, refused);
    return;
  }
  if (!host->accepting_input) {
    refused.status = ingest::IngestStatus::failed;
    refused.error = "shutting down";
    answer(done, user, refused);
    return;
  }
  host->pipeline->submit(to_message(*host, *message),
                         [done, user](const ingest::IngestResult& r) { answer(done, user, r); });
}

void* host_io_context(fd_host* host) { return host->io; }

// Delivery reports may arrive out of order (read before delivered); a report never moves a
// message backwards, and a failure is final.
constexpr std::string_view kUpdateDeliverySql = R"SQL(
WITH updated AS (
  UPDATE messages m SET delivery_status = $3, delivery_error = nullif($4, '')
  WHERE m.channel = $1 AND m.external_id = $2 AND m.direction = 'outbound'
    AND coalesce(m.delivery_status, 'queued') <> 'failed'
    AND (CASE $3 WHEN 'sent' THEN 1 WHEN 'delivered' THEN 2 WHEN 'read' THEN 3 ELSE 4 END)
      > (CASE coalesce(m.delivery_status, 'queued') WHEN 'queued' THEN 0 WHEN 'sent' THEN 1
           WHEN 'delivered' THEN 2 WHEN 'read' THEN 3 ELSE 4 END)
  RETURNING m.id, m.ticket_id
), audited AS (
  INSERT INTO audit_events (ticket_id, event, actor_kind, new_value, data)
  SELECT ticket_id, 'message.delivery', 'system', to_jsonb($3::text),
         jsonb_build_object('messageId', id, 'error', nullif($4, ''))
  FROM updated
)
SELECT (SELECT count(*) FROM updated),
       (SELECT count(*) FROM messages WHERE channel = $1 AND external_id = $2
                                        AND direction = 'outbound')
)SQL";

void host_update_delivery(fd_host* host, fd_str provider_id, fd_str status, fd_str error,
                          fd_update_done done, void* user) {
  if (done == nullptr) return;
  const std::string state = copy(status);
  if (host->db == nullptr || provider_id.size == 0 ||
      (state != "sent" && state != "delivered" && state != "read" && state != "failed")) {
    done(user, FD_UPDATE_NOT_FOUND);
    return;
  }
  auto work = [channel = host->channel, id = copy(provider_id), state,
               reason = copy(error)](storage::Connection& c) {
    auto rows = c.exec(kUpdateDeliverySql, channel, id, state, reason);
    // A known message whose report changed nothing (an older status) is still applied:
    // the provider must not retry it.
    return rows.get<std::int64_t>(0, 1) > 0 ? FD_UPDATE_APPLIED : FD_UPDATE_NOT_FOUND;
  };
  host->db->async_run(std::move(work), [done, user](std::exception_ptr e, fd_update_result r) {
    if (e) {
      try {
        std::rethrow_exception(e);
      } catch (const std::exception& ex) {
        spdlog::error("delivery report not stored: {}", ex.what());
      }
      r = FD_UPDATE_FAILED;
    }
    done(user, r);
  });
}

constexpr std::string_view kAnnotateSql = R"SQL(
UPDATE messages SET metadata = metadata || $3::jsonb
WHERE id = $1 AND channel = $2 AND jsonb_typeof($3::jsonb) = 'object'
)SQL";

void host_annotate_message(fd_host* host, int64_t message_id, fd_str metadata_json,
                           fd_update_done done, void* user) {
  if (done == nullptr) return;
  if (host->db == nullptr || message_id <= 0 || metadata_json.size == 0) {
    done(user, FD_UPDATE_NOT_FOUND);
    return;
  }
  auto work = [channel = host->channel, message_id, json = copy(metadata_json)](storage::Connection& c) {
    return c.exec(kAnnotateSql, message_id, channel, json).affected_rows() > 0 ? FD_UPDATE_APPLIED
                                                                               : FD_UPDATE_NOT_FOUND;
  };
  host->db->async_run(std::move(work), [done, user](std::exception_ptr e, fd_update_result r) {
    if (e) {
      try {
        std::rethrow_exception(e);
      } catch (const storage::PgError& ex) {
        // Invalid JSON is the plugin's mistake, not an outage.
        spdlog::error("message metadata not stored: {}", ex.what());
        r = ex.sqlstate.rfind("22", 0) == 0 ? FD_UPDATE_NOT_FOUND : FD_UPDATE_FAILED;
        done(user, r);
        return;
      } catch (const std::exception& ex) {
        spdlog::error("message metadata not stored: {}", ex.what());
      }
      r = FD_UPDATE_FAILED;
    }
    done(user, r);
  });
}

}  // namespace

static_assert(static_cast<int>(ingest::IngestStatus::created) == FD_INGEST_CREATED);
static_assert(static_cast<int>(ingest::IngestStatus::appended) == FD_INGEST_APPENDED);
static_assert(static_cast<int>(ingest::IngestStatus::duplicate) == FD_INGEST_DUPLICATE);
static_assert(static_cast<int>(ingest::IngestStatus::rejected) == FD_INGEST_REJECTED);
static_assert(static_cast<int>(ingest::IngestStatus::failed) == FD_INGEST_FAILED);

const fd_host_api& host_api() {
  static const fd_host_api api{FD_PLUGIN_ABI_VERSION, sizeof(fd_host_api), host_log,
                               host_register_route, host_respond, host_submit_inbound,
                               host_io_context, host_update_delivery,
                               host_annotate_message};
  return api;
}

}  // namespace frontdesk::plugin_host
