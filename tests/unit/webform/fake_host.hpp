// A stand-in for frontdeskd's side of plugin.h: records routes, answers, log lines and
// submitted messages so tests can drive a plugin through the C ABI alone.
#pragma once

#include <frontdesk/plugin.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

// The opaque handles of plugin.h, defined here for the fake host only.
struct fd_host {
  class FakeHost* self;
};

namespace frontdesk::test {

struct RecordedResponse {
  std::uint16_t status = 0;
  std::string content_type;
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;

  [[nodiscard]] std::optional<std::string> header(const std::string& name) const;
};

}  // namespace frontdesk::test

struct fd_responder {
  int calls = 0;  // how often respond() was called; the ABI requires exactly once
  std::optional<frontdesk::test::RecordedResponse> response;
};

namespace frontdesk::test {

struct RecordedRoute {
  std::string method;
  std::string pattern;
  std::uint32_t flags = 0;
  fd_route_handler handler = nullptr;
  void* user = nullptr;
};

struct RecordedAttachment {
  std::string filename;
  std::string content_type;
  std::string data;
  std::string content_id;
};

// A deep copy of an fd_inbound_message, plus the completion to call.
struct RecordedSubmit {
  std::uint32_t struct_size = 0;
  std::string external_id;
  std::string identity_kind;
  std::string identity_value;
  std::string customer_name;
  std::string customer_language;
  std::string ticket_ref;
  std::vector<std::string> thread_keys;
  std::string own_thread_key;
  std::string subject;
  std::string body;
  std::string category;
  std::string priority;
  std::vector<RecordedAttachment> attachments;
  std::string metadata_json;
  std::uint32_t flags = 0;
  fd_inbound_done done = nullptr;
  void* user = nullptr;
};

struct HttpCall {
  std::string method = "GET";
  std::string path = "/";
  std::string query;
  std::string remote_addr = "203.0.113.7";
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::vector<std::string> params;
};

struct InboundOutcome {
  fd_ingest_status status = FD_INGEST_CREATED;
  std::int64_t ticket_id = 0;
  std::int64_t message_id = 0;
  std::string ticket_number;
  std::string customer_token;
  std::string error;
};

}  // namespace frontdesk::test

class FakeHost {
 public:
  FakeHost();
  FakeHost(const FakeHost&) = delete;
  FakeHost& operator=(const FakeHost&) = delete;

  [[nodiscard]] const fd_host_api* api() const noexcept { return &api_; }
  [[nodiscard]] fd_host_api& mutable_api() noexcept { return api_; }
  [[nodiscard]] fd_host* handle() noexcept { return &handle_; }

  // The route registered as `method pattern`, or nullptr.
  [[nodiscard]] const frontdesk::test::RecordedRoute* find_route(const std::string& method,
                                                                 const std::string& pattern) const;

  // Calls a registered route's handler the way the host would; the returned responder
  // holds the answer once the plugin gave it (maybe only after complete()).
  std::unique_ptr<fd_responder> call(const frontdesk::test::RecordedRoute& route,
                                     const frontdesk::test::HttpCall& call);

  // Runs the completion of submitted message `index` with `outcome`.
  void complete(std::size_t index, const frontdesk::test::InboundOutcome& outcome);

  std::vector<frontdesk::test::RecordedRoute> routes;
  std::vector<std::pair<fd_log_level, std::string>> logs;
  std::vector<frontdesk::test::RecordedSubmit> submits;
  std::string clashing_pattern = "/clash";  // register_route refuses this pattern
  void* io_context_pointer = nullptr;

 private:
  fd_host_api api_{};
  fd_host handle_{this};
};
