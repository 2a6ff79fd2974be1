// SPDX-License-Identifier: Apache-2.0
// A complete channel plugin in one file: POST /webhooks/echo with a JSON-free body and two
// headers turns into a ticket (or a reply on the sender's open one), and the answer is sent
// only once the message is committed. Built and exercised by tests/integration/daemon.
#include <frontdesk/plugin.hpp>

#include <string>

namespace {

using frontdesk::sdk::Host;
using frontdesk::sdk::InboundMessage;
using frontdesk::sdk::InboundResult;
using frontdesk::sdk::Request;
using frontdesk::sdk::Responder;
using frontdesk::sdk::Response;

class EchoPlugin final : public frontdesk::sdk::Plugin {
 public:
  EchoPlugin(Host& host, std::string_view /*config_json*/) : host_(host) {
    host_.route("POST", "/webhooks/echo", 0,
                [this](const Request& request, Responder out) { receive(request, out); });
  }

 private:
  void receive(const Request& request, Responder out) {
    const auto id = request.header("X-Echo-Id");
    const auto from = request.header("X-Echo-From");
    if (!id || !from) {
      out.send(Response::text(400, "X-Echo-Id and X-Echo-From are required"));
      return;
    }
    InboundMessage message;
    message.external_id = std::string(*id);      // redeliveries are recognised by this
    message.identity_kind = "email";
    message.identity_value = std::string(*from);
    message.own_thread_key = message.identity_value;  // later messages from the sender...
    message.thread_keys = {message.identity_value};   // ...land on the same open ticket
    message.subject = "Echo";
    message.body = std::string(request.body());
    host_.submit(message, [out](const InboundResult& result) {
      if (result.status == FD_INGEST_FAILED) {
        out.send(Response::text(503, "try again later"));
      } else if (result.status == FD_INGEST_REJECTED) {
        out.send(Response::text(400, result.error));
      } else {
        out.send(Response::text(200, result.ticket_number));
      }
    });
  }

  Host& host_;
};

const fd_config_key kEchoKeys[] = {
    {"greeting", FD_CONFIG_STRING, "\"hello\"", "an example key: the host validates its type"}};

}  // namespace

FRONTDESK_PLUGIN(EchoPlugin, "echo", "1.0.0", kEchoKeys)
