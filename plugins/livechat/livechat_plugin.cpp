// SPDX-License-Identifier: Apache-2.0
// The livechat channel as a Frontdesk plugin: the WebSocket route visitors connect to, the
// delivery of agents' replies, and the broadcasts that tell every daemon of a change.
#include <frontdesk/plugin.hpp>

#include <boost/url/parse_query.hpp>

#include <charconv>
#include <memory>
#include <string>
#include <string_view>
#include <variant>

#include "config.hpp"
#include "conversations.hpp"
#include "frames.hpp"
#include "visitor.hpp"

namespace frontdesk::livechat {
namespace {

struct Query {
  std::string visitor, user, hash, resume;
};

Query read_query(std::string_view text) {
  Query q;
  const auto params = boost::urls::parse_query(text);
  if (!params) return q;
  for (const auto& p : *params) {
    if (p.key == "visitor") q.visitor = p.value;
    else if (p.key == "user") q.user = p.value;
    else if (p.key == "hash") q.hash = p.value;
    else if (p.key == "resume") q.resume = p.value;
  }
  return q;
}

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
    const Query query = read_query(request.query());
    std::int64_t resume = 0;
    if (!query.resume.empty()) {
      const auto* end = query.resume.data() + query.resume.size();
      const auto [ptr, ec] = std::from_chars(query.resume.data(), end, resume);
      if (ec != std::errc{} || ptr != end || resume < 0) return sdk::Upgrade::refuse(400);
    }
    auto who = identify(query.visitor, query.user, query.hash, conversations_.config().identity_secret);
    if (const auto* refusal = std::get_if<Refusal>(&who)) {
      host_.log(FD_LOG_INFO, "livechat: refused a visitor: " + refusal->reason);
      return sdk::Upgrade::refuse(static_cast<std::uint16_t>(refusal->status));
    }
    auto visitor = std::get<Visitor>(std::move(who));
    socket.send_text(ready_frame(visitor.identity, visitor.verified, resume));
    auto session = std::make_shared<Session>(conversations_, socket, std::move(visitor), resume);
    conversations_.add(session);
    session->pull();
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
