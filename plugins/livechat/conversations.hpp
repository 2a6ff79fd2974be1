// SPDX-License-Identifier: Apache-2.0
#pragma once
// The visitors connected to this daemon, and what each has been sent. A session never holds
// messages: on every change it asks the host for the conversation after the last seq it
// sent, so a reconnect, another daemon's write or a missed broadcast all end the same way.
#include <frontdesk/plugin.hpp>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "config.hpp"
#include "frames.hpp"
#include "visitor.hpp"

namespace frontdesk::livechat {

class Conversations;

class Session final : public sdk::WebSocketSession, public std::enable_shared_from_this<Session> {
 public:
  // Waits for the visitor's hello.
  Session(Conversations& owner, sdk::WebSocket socket);

  void on_message(fd_ws_frame_type type, std::string_view data) override;
  void on_close(std::uint16_t code, std::string_view reason) override;

  // Sends what came after the last seq sent (again, if a read is under way meanwhile).
  void pull();
  [[nodiscard]] const std::string& identity() const noexcept { return visitor_.identity; }
  // Shows an agent's typing if ticket `ticket_id` is part of this conversation.
  void agent_typing(std::int64_t ticket_id, std::string_view agent_name);

 private:
  void greet(const Hello& hello);
  void pulled(bool ok, std::vector<sdk::ConversationMessage> messages, bool probe);
  void submit(std::string client_msg_id, std::string body);
  void mark_read(std::int64_t seq);
  void typing(std::chrono::steady_clock::time_point now);

  Conversations& owner_;
  sdk::WebSocket socket_;
  Visitor visitor_;       // set by the hello
  std::atomic<bool> greeted_{false};  // the hello came
  std::mutex mutex_;
  bool welcomed_ = false;
  std::int64_t last_seq_ = 0;
  bool probing_ = false;  // the resume seq is not yet known to exist
  std::string announced_agent_;  // the last agent frame's name
  bool pulling_ = false;
  bool pull_again_ = false;
  std::map<std::int64_t, std::int64_t> unread_;  // seq -> message id of replies sent, not yet read
  std::set<std::int64_t> tickets_;               // of the messages sent
  std::int64_t latest_ticket_ = 0;               // of the last message sent: where typing shows
  std::chrono::steady_clock::time_point typing_told_{};  // when the agents were last told
};

class Conversations {
 public:
  Conversations(sdk::Host& host, Config config) : host_(host), config_(std::move(config)) {}

  void add(const std::shared_ptr<Session>& session);
  void remove(const Session* session);
  // Something changed for `identity` ("" : for anyone) on some daemon.
  void changed(std::string_view identity);
  // An agent is typing on ticket `ticket_id` (on some daemon).
  void agent_typing(std::int64_t ticket_id, std::string_view agent_name);
  // Whether the visitor may send one more message now (a sliding minute, per daemon).
  bool admit(const std::string& identity, std::chrono::steady_clock::time_point now);

  [[nodiscard]] sdk::Host& host() const noexcept { return host_; }
  [[nodiscard]] const Config& config() const noexcept { return config_; }

 private:
  // The live sessions of `identity` ("": of everyone).
  std::vector<std::shared_ptr<Session>> sessions_of(std::string_view identity);

  sdk::Host& host_;
  const Config config_;
  std::mutex mutex_;
  std::unordered_multimap<std::string, std::weak_ptr<Session>> sessions_;
  std::unordered_map<std::string, std::deque<std::chrono::steady_clock::time_point>> sent_;
};

// The id the host stores an inbound chat message under: unique per visitor, so two visitors
// may use the same clientMsgId.
std::string external_id(std::string_view identity, std::string_view client_msg_id);
// The provider id of a reply (for read receipts).
std::string provider_id(std::int64_t message_id);

}  // namespace frontdesk::livechat
