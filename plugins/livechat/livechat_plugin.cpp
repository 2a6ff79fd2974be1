// SPDX-License-Identifier: Apache-2.0
// The livechat channel as a Frontdesk plugin: the WebSocket route visitors connect to, the
// delivery of agents' replies, and the broadcasts that tell every daemon of a change.
#include <frontdesk/plugin.hpp>

#include <memory>
#include <string>
#include <string_view>

#include "config.hpp"
#include "conversations.hpp"

namespace frontdesk::livechat {
namespace {

class LivechatPlugin final : public sdk::Plugin {
 public:
  LivechatPlugin(sdk::Host& host, std::string_view config_json)
      : host_(host), conversations_(host, parse_config(config_json)) {
    host_.on_broadcast([this](std::string_view identity) { conversations_.changed(identity); });
    if (host_.offers_typing()) {
      host_.on_agent_typing(
          [this](std::int64_t ticket, std::string_view agent) { conversations_.agent_typing(ticket, agent); });
    }
    host_.websocket("/livechat/ws", sdk::WebSocketLimits{64 * 1024, 0, 0},
                    [this](const sdk::Request& request, sdk::WebSocket socket) { return open(request, socket); });
  }

  void stop() override { stopped_.store(true); }

  // The reply is stored already: "sent" means every daemon was told to push it to the
  // visitor's open tabs; a visitor who is away gets it when the chat reconnects.
  void deliver(const sdk::OutboundMessage& message, sdk::DeliverDone done) override {
    if (!host_.broadcast(message.to_value())) {
      done(FD_DELIVERY_TRANSIENT, "", "the other daemons could not be told");
      return;
    }
    done(FD_DELIVERY_SENT, provider_id(message.message_id()), "");
  }

 private:
  sdk::Upgrade open(const sdk::Request& request, sdk::WebSocket socket) {
    if (stopped_.load()) return sdk::Upgrade::refuse(503);
    const auto origin = request.header("Origin").value_or("");
    const auto host = request.header("Host").value_or("");
    if (!origin_allowed(conversations_.config(), origin, host)) {
      host_.log(FD_LOG_WARN, "livechat: refused a connection from origin " + std::string(origin));
      return sdk::Upgrade::refuse(403);
    }
    // Who the visitor is comes in the first frame (hello), so that no token is in a URL.
    auto session = std::make_shared<Session>(conversations_, socket);
    return sdk::Upgrade::accept(session);
  }

  sdk::Host& host_;
  Conversations conversations_;
  std::atomic<bool> stopped_{false};
};

// Defaults here and in Config must agree.
const fd_config_key kLivechatKeys[] = {
    {"allowed_origins", FD_CONFIG_LIST, "[]",
     "Origins (https://shop.example) whose pages may open the chat; empty: only the daemon's own pages"},
    {"identity_secret", FD_CONFIG_STRING, "\"\"",
     "Key of the host site's HMAC-SHA256 over its user id (identified visitors); empty: anonymous only"},
    {"max_message_chars", FD_CONFIG_INT, "5000", "Longest message a visitor may send, in characters"},
    {"messages_per_minute", FD_CONFIG_INT, "30", "Messages one visitor may send in any minute (per daemon)"},
    // Read by frontdeskd, whose widget offers the contact form outside these hours
    // (widget/availability.hpp): the plugin only declares it.
    {"calendar", FD_CONFIG_STRING, "\"\"",
     "The chat's hours: a calendar of sla.calendars (24x7 built in); empty: always open"},
};

}  // namespace
}  // namespace frontdesk::livechat

FRONTDESK_PLUGIN(frontdesk::livechat::LivechatPlugin, "livechat", FRONTDESK_LIVECHAT_VERSION,
                 frontdesk::livechat::kLivechatKeys)
