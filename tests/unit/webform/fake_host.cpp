#include "fake_host.hpp"

#include <strings.h>

namespace frontdesk::test {
namespace {

std::string str(fd_str s) {
  return s.data != nullptr ? std::string(s.data, s.size) : std::string();
}

void log(fd_host* host, fd_log_level level, fd_str message) {
  host->self->logs.emplace_back(level, str(message));
}

int register_route(fd_host* host, fd_str method, fd_str pattern, uint32_t flags,
                   fd_route_handler handler, void* user) {
  if (str(pattern) == host->self->clashing_pattern) {
    return -1;
  }
  host->self->routes.push_back(RecordedRoute{str(method), str(pattern), flags, handler, user});
  return 0;
}

void respond(fd_responder* responder, const fd_http_response* response) {
  ++responder->calls;
  RecordedResponse recorded;
  recorded.status = response->status;
  recorded.content_type = str(response->content_type);
  recorded.body = str(response->body);
  for (std::size_t i = 0; i < response->header_count; ++i) {
    recorded.headers.emplace_back(str(response->headers[i].name), str(response->headers[i].value));
  }
  responder->response = std::move(recorded);
}

void submit_inbound(fd_host* host, const fd_inbound_message* m, fd_inbound_done done, void* user) {
  RecordedSubmit s;
  s.struct_size = m->struct_size;
  s.external_id = str(m->external_id);
  s.identity_kind = str(m->identity_kind);
  s.identity_value = str(m->identity_value);
  s.customer_name = str(m->customer_name);
  s.customer_language = str(m->customer_language);
  s.ticket_ref = str(m->ticket_ref);
  for (std::size_t i = 0; i < m->thread_key_count; ++i) {
    s.thread_keys.push_back(str(m->thread_keys[i]));
  }
  s.own_thread_key = str(m->own_thread_key);
  s.subject = str(m->subject);
  s.body = str(m->body);
  s.category = str(m->category);
  s.priority = str(m->priority);
  for (std::size_t i = 0; i < m->attachment_count; ++i) {
    const auto& a = m->attachments[i];
    s.attachments.push_back(
        RecordedAttachment{str(a.filename), str(a.content_type), str(a.data), str(a.content_id)});
  }
  s.metadata_json = str(m->metadata_json);
  s.flags = m->flags;
  s.done = done;
  s.user = user;
  host->self->submits.push_back(std::move(s));
}

void* io_context(fd_host* host) {
  return host->self->io_context_pointer;
}

}  // namespace

std::optional<std::string> RecordedResponse::header(const std::string& name) const {
  for (const auto& [key, value] : headers) {
    if (strcasecmp(key.c_str(), name.c_str()) == 0) {
      return value;
    }
  }
  return std::nullopt;
}

}  // namespace frontdesk::test

FakeHost::FakeHost() {
  api_.abi_version = FD_PLUGIN_ABI_VERSION;
  api_.struct_size = sizeof(fd_host_api);
  api_.log = &frontdesk::test::log;
  api_.register_route = &frontdesk::test::register_route;
  api_.respond = &frontdesk::test::respond;
  api_.submit_inbound = &frontdesk::test::submit_inbound;
  api_.io_context = &frontdesk::test::io_context;
}

const frontdesk::test::RecordedRoute* FakeHost::find_route(const std::string& method,
                                                           const std::string& pattern) const {
  for (const auto& route : routes) {
    if (route.method == method && route.pattern == pattern) {
      return &route;
    }
  }
  return nullptr;
}

std::unique_ptr<fd_responder> FakeHost::call(const frontdesk::test::RecordedRoute& route,
                                             const frontdesk::test::HttpCall& call) {
  auto fd = [](const std::string& s) { return fd_str{s.data(), s.size()}; };
  std::vector<fd_header> headers;
  for (const auto& [name, value] : call.headers) {
    headers.push_back(fd_header{fd(name), fd(value)});
  }
  std::vector<fd_str> params;
  for (const auto& param : call.params) {
    params.push_back(fd(param));
  }
  fd_http_request request{};
  request.struct_size = sizeof(fd_http_request);
  request.method = fd(call.method);
  request.path = fd(call.path);
  request.query = fd(call.query);
  request.remote_addr = fd(call.remote_addr);
  request.headers = headers.data();
  request.header_count = headers.size();
  request.body = fd(call.body);
  request.params = params.data();
  request.param_count = params.size();
  auto responder = std::make_unique<fd_responder>();
  route.handler(route.user, &request, responder.get());
  return responder;
}

void FakeHost::complete(std::size_t index, const frontdesk::test::InboundOutcome& outcome) {
  auto fd = [](const std::string& s) { return fd_str{s.data(), s.size()}; };
  fd_inbound_result result{};
  result.struct_size = sizeof(fd_inbound_result);
  result.status = outcome.status;
  result.ticket_id = outcome.ticket_id;
  result.message_id = outcome.message_id;
  result.ticket_number = fd(outcome.ticket_number);
  result.customer_token = fd(outcome.customer_token);
  result.error = fd(outcome.error);
  const auto& submit = submits.at(index);
  submit.done(submit.user, &result);
}
