// SPDX-License-Identifier: Apache-2.0
#include "conversations.hpp"

#include <algorithm>

#include "frames.hpp"

namespace frontdesk::livechat {

namespace {

constexpr std::uint32_t kPage = 200;
constexpr auto kWindow = std::chrono::minutes(1);
constexpr std::uint16_t kCloseBadHello = 4400;
constexpr std::uint16_t kCloseForbidden = 4403;
constexpr std::uint16_t kCloseResumeFromFuture = 4409;
// A visitor's typing is passed on at most this often: well within FD_TYPING_LASTS_MS, so the
// agents' indicator holds while typing goes on.
constexpr auto kTypingEvery = std::chrono::milliseconds(FD_TYPING_LASTS_MS / 3);

std::string_view client_msg_id_of(std::string_view external, std::string_view identity) {
  const std::string prefix = std::string(identity) + "/";
  return external.starts_with(prefix) ? external.substr(prefix.size()) : std::string_view{};
}

// The subject a chat's ticket gets: its first line, shortened.
std::string subject_of(std::string_view body) {
  auto line = body.substr(0, body.find('\n'));
  if (line.size() <= 80) return std::string(line);
  std::size_t cut = 77;
  while (cut > 0 && (static_cast<unsigned char>(line[cut]) & 0xC0) == 0x80) --cut;  // whole characters
  return std::string(line.substr(0, cut)) + "...";
}

}  // namespace

std::string external_id(std::string_view identity, std::string_view client_msg_id) {
  return std::string(identity) + "/" + std::string(client_msg_id);
}

std::string provider_id(std::int64_t message_id) { return "livechat-" + std::to_string(message_id); }

Session::Session(Conversations& owner, sdk::WebSocket socket) : owner_(owner), socket_(std::move(socket)) {}

void Session::greet(const Hello& hello) {
  auto who = identify(hello.visitor_token, hello.user_id, hello.hmac, owner_.config().identity_secret);
  if (const auto* refusal = std::get_if<Refusal>(&who)) {
    owner_.host().log(FD_LOG_INFO, "livechat: refused a visitor: " + refusal->reason);
    socket_.send_text(error_frame(refusal->code, refusal->reason));
    socket_.close(refusal->code == "forbidden" ? kCloseForbidden : kCloseBadHello, refusal->reason);
    return;
  }
  {
    std::lock_guard lock(mutex_);
    visitor_ = std::get<Visitor>(std::move(who));
    last_seq_ = hello.resume;
    probing_ = hello.resume > 0;
  }
  greeted_ = true;
  owner_.add(shared_from_this());
  pull();
}

void Session::pull() {
  std::int64_t after = 0;
  bool probe = false;
  {
    std::lock_guard lock(mutex_);
    if (pulling_) {
      pull_again_ = true;
      return;
    }
    pulling_ = true;
    probe = probing_;
    // A resume asks from one before its seq, to learn that the seq exists.
    after = probe ? last_seq_ - 1 : last_seq_;
  }
  owner_.host().conversation(visitor_.identity, after, kPage,
                             [self = shared_from_this(), probe](bool ok, std::vector<sdk::ConversationMessage> m) {
                               self->pulled(ok, std::move(m), probe);
                             });
}

void Session::pulled(bool ok, std::vector<sdk::ConversationMessage> messages, bool probe) {
  bool again = false;
  {
    std::lock_guard lock(mutex_);
    pulling_ = false;
    if (!ok) {
      socket_.send_text(error_frame("unavailable", "the conversation could not be read; reconnect to resume"));
      socket_.close(1011, "storage unavailable");
      return;
    }
    if (probe) {
      if (messages.empty() || messages.front().seq != last_seq_) {
        socket_.send_text(error_frame("resume_from_future", "there is no message with that seq; resume from 0"));
        socket_.close(kCloseResumeFromFuture, "resume from the future");
        return;
      }
      probing_ = false;
    }
    // Frames leave in the order they are queued, and only this locked section queues them.
    if (!welcomed_) {
      socket_.send_text(welcome_frame(visitor_.token, visitor_.identity, visitor_.verified, last_seq_));
      welcomed_ = true;
    }
    for (const auto& m : messages) {
      if (m.seq <= last_seq_) continue;
      if (from_agent(m) && !m.author_name.empty() && m.author_name != announced_agent_) {
        socket_.send_text(agent_frame(m.author_name));
        announced_agent_ = m.author_name;
      }
      socket_.send_text(message_frame(m, client_msg_id_of(m.external_id, visitor_.identity)));
      last_seq_ = m.seq;
      tickets_.insert(m.ticket_id);
      latest_ticket_ = m.ticket_id;
      if (m.direction == "outbound") unread_.emplace(m.seq, m.message_id);
    }
    again = pull_again_ || messages.size() == kPage;
    pull_again_ = false;
  }
  if (again) pull();
}

void Session::on_message(fd_ws_frame_type type, std::string_view data) {
  if (type != FD_WS_TEXT) {
    socket_.send_text(error_frame("bad_frame", "frames are JSON text"));
    return;
  }
  auto frame = parse_client_frame(data, owner_.config().max_message_chars);
  if (!greeted_) {
    if (const auto* hello = std::get_if<Hello>(&frame)) {
      greet(*hello);
      return;
    }
    const auto* bad = std::get_if<BadFrame>(&frame);
    socket_.send_text(error_frame("bad_frame", bad ? bad->message : "the first frame must be hello"));
    socket_.close(kCloseBadHello, "no hello");
    return;
  }
  if (std::holds_alternative<Hello>(frame)) {
    socket_.send_text(error_frame("bad_frame", "hello comes once, first"));
  } else if (auto* bad = std::get_if<BadFrame>(&frame)) {
    socket_.send_text(error_frame(bad->code, bad->message, bad->client_msg_id));
  } else if (auto* message = std::get_if<SendMessage>(&frame)) {
    if (!owner_.admit(visitor_.identity, std::chrono::steady_clock::now())) {
      socket_.send_text(error_frame("rate_limited", "too many messages; wait a minute", message->client_msg_id));
      return;
    }
    submit(std::move(message->client_msg_id), std::move(message->text));
  } else if (std::holds_alternative<Typing>(frame)) {
    typing(std::chrono::steady_clock::now());
  } else {
    mark_read(std::get<MarkRead>(frame).seq);
  }
}

// Before the first message there is no ticket for the agents to see the typing on.
void Session::typing(std::chrono::steady_clock::time_point now) {
  std::int64_t ticket = 0;
  {
    std::lock_guard lock(mutex_);
    if (latest_ticket_ == 0 || now - typing_told_ < kTypingEvery) return;
    typing_told_ = now;
    ticket = latest_ticket_;
  }
  owner_.host().customer_typing(ticket);
}

void Session::agent_typing(std::int64_t ticket_id, std::string_view agent_name) {
  std::lock_guard lock(mutex_);
  if (tickets_.contains(ticket_id)) socket_.send_text(typing_frame(agent_name));
}

void Session::submit(std::string client_msg_id, std::string body) {
  sdk::InboundMessage in;
  in.external_id = external_id(visitor_.identity, client_msg_id);
  in.identity_kind = "livechat";
  in.identity_value = visitor_.identity;
  // One thread per visitor: each message finds the visitor's open chat.
  in.thread_keys = {"livechat:" + visitor_.identity};
  in.own_thread_key = "livechat:" + visitor_.identity;
  in.subject = subject_of(body);
  in.body = std::move(body);
  in.metadata_json = visitor_.verified ? R"({"verified":true})" : "{}";
  owner_.host().submit(in, [self = shared_from_this(), id = std::move(client_msg_id)](const sdk::InboundResult& r) {
    if (r.status == FD_INGEST_FAILED) {
      self->socket_.send_text(error_frame("unavailable", "not stored; send it again", id));
      return;
    }
    if (r.status == FD_INGEST_REJECTED) {
      self->socket_.send_text(error_frame("rejected", r.error, id));
      return;
    }
    // Acknowledged after the commit; the message itself reaches every tab of the visitor,
    // on any daemon, through the broadcast.
    self->socket_.send_text(ack_frame(id, r.conversation_seq, r.status == FD_INGEST_DUPLICATE, r.ticket_number));
    if (!self->owner_.host().broadcast(self->visitor_.identity)) self->pull();
  });
}

void Session::mark_read(std::int64_t seq) {
  std::vector<std::int64_t> read;
  {
    std::lock_guard lock(mutex_);
    const auto end = unread_.upper_bound(seq);
    for (auto it = unread_.begin(); it != end; ++it) read.push_back(it->second);
    unread_.erase(unread_.begin(), end);
  }
  for (const auto message_id : read) {
    owner_.host().update_delivery(provider_id(message_id), "read", "", [](fd_update_result) {});
  }
}

void Session::on_close(std::uint16_t /*code*/, std::string_view /*reason*/) {
  if (greeted_) owner_.remove(this);
}

void Conversations::add(const std::shared_ptr<Session>& session) {
  std::lock_guard lock(mutex_);
  sessions_.emplace(session->identity(), session);
}

void Conversations::remove(const Session* session) {
  std::lock_guard lock(mutex_);
  const auto [first, last] = sessions_.equal_range(session->identity());
  for (auto it = first; it != last; ++it) {
    const auto held = it->second.lock();
    if (!held || held.get() == session) {
      sessions_.erase(it);
      return;
    }
  }
}

std::vector<std::shared_ptr<Session>> Conversations::sessions_of(std::string_view identity) {
  std::vector<std::shared_ptr<Session>> found;
  std::lock_guard lock(mutex_);
  if (identity.empty()) {
    for (const auto& [key, weak] : sessions_) {
      if (auto s = weak.lock()) found.push_back(std::move(s));
    }
  } else {
    const auto [first, last] = sessions_.equal_range(std::string(identity));
    for (auto it = first; it != last; ++it) {
      if (auto s = it->second.lock()) found.push_back(std::move(s));
    }
  }
  return found;
}

void Conversations::changed(std::string_view identity) {
  for (const auto& session : sessions_of(identity)) session->pull();
}

void Conversations::agent_typing(std::int64_t ticket_id, std::string_view agent_name) {
  for (const auto& session : sessions_of("")) session->agent_typing(ticket_id, agent_name);
}

bool Conversations::admit(const std::string& identity, std::chrono::steady_clock::time_point now) {
  std::lock_guard lock(mutex_);
  auto& times = sent_[identity];
  while (!times.empty() && now - times.front() >= kWindow) times.pop_front();
  if (times.size() >= static_cast<std::size_t>(config_.messages_per_minute)) return false;
  times.push_back(now);
  // Forget visitors idle for a minute, so the table does not grow with every visitor ever seen.
  if (sent_.size() > 10000) {
    std::erase_if(sent_, [&](const auto& entry) { return entry.second.empty() || now - entry.second.back() >= kWindow; });
  }
  return true;
}

}  // namespace frontdesk::livechat
