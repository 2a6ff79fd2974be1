// SPDX-License-Identifier: Apache-2.0
#include "smtp_server.hpp"

#include <boost/asio/async_result.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

#include <list>
#include <optional>
#include <stdexcept>

namespace frontdesk::email {

namespace asio = boost::asio;
using asio::ip::tcp;

namespace {
// Commands are read a line at a time up to this; message text in pieces of at most this.
constexpr std::size_t kMaxLineBytes = 64 * 1024;
// Messages larger than this are normalized and committed one at a time (the large-message
// gate below): each needs a few times its size while it is parsed and stored.
constexpr std::size_t kLargeMessageBytes = 1024 * 1024;
}

struct SmtpServer::Impl : std::enable_shared_from_this<SmtpServer::Impl> {
  Impl(SmtpServerOptions o, MessageSink s, std::atomic<std::size_t>& counter)
      : options(std::move(o)), sink(std::move(s)), sessions(counter) {}

  struct Session {
    tcp::socket socket;
    bool committing = false;
    std::unique_ptr<asio::ssl::stream<tcp::socket&>> tls;  // after STARTTLS
  };

  // The session's reads and writes go through TLS once it has started.
  static asio::awaitable<void> send(Session& s, const std::string& text) {
    if (s.tls) {
      co_await asio::async_write(*s.tls, asio::buffer(text), asio::use_awaitable);
    } else {
      co_await asio::async_write(s.socket, asio::buffer(text), asio::use_awaitable);
    }
  }

  static asio::awaitable<std::size_t> read_line(Session& s, std::string& buffer, boost::system::error_code& ec) {
    auto into = asio::dynamic_buffer(buffer, kMaxLineBytes);
    if (s.tls) co_return co_await asio::async_read_until(*s.tls, into, "\n", asio::redirect_error(asio::use_awaitable, ec));
    co_return co_await asio::async_read_until(s.socket, into, "\n", asio::redirect_error(asio::use_awaitable, ec));
  }

  SmtpServerOptions options;
  MessageSink sink;
  std::atomic<std::size_t>& sessions;
  asio::io_context io{1};
  std::optional<asio::executor_work_guard<asio::io_context::executor_type>> work{io.get_executor()};
  tcp::acceptor acceptor{io};
  std::list<Session> live;  // only touched on the io thread
  bool stopping = false;
  // The large-message gate (io thread only): whether a large message is being stored, and
  // the timers of the sessions waiting for their turn, woken in order.
  bool large_busy = false;
  std::list<asio::steady_timer*> large_waiters;

  // Completions from other threads post here only while the io_context exists.
  std::mutex alive_mutex;
  bool alive = true;

  void post_if_alive(std::function<void()> fn) {
    std::lock_guard lock(alive_mutex);
    if (alive) asio::post(io, std::move(fn));
  }

  asio::awaitable<void> accept_loop() {
    while (!stopping) {
      boost::system::error_code ec;
      tcp::socket socket = co_await acceptor.async_accept(asio::redirect_error(asio::use_awaitable, ec));
      if (ec) {
        if (stopping || ec == asio::error::operation_aborted) co_return;
        continue;  // e.g. EMFILE: keep serving the sessions we have
      }
      if (sessions.load() >= options.max_sessions) {
        static const std::string kBusy = "421 4.3.2 too many connections, try again later\r\n";
        boost::system::error_code ignored;
        asio::write(socket, asio::buffer(kBusy), ignored);
        socket.close(ignored);
        continue;
      }
      auto it = live.insert(live.end(), Session{std::move(socket), false, nullptr});
      ++sessions;
      auto self = shared_from_this();
      asio::co_spawn(io, run_session(it), [self, it](const std::exception_ptr&) {
        boost::system::error_code ignored;
        it->socket.close(ignored);
        self->live.erase(it);
        --self->sessions;
      });
    }
  }

  // The sink's answer, resumed on the io thread.
  template <typename Token>
  auto async_commit(ReceivedMessage message, Token&& token) {
    return asio::async_initiate<Token, void(StoreResult)>(
        [this](auto handler, ReceivedMessage m) {
          auto shared = std::make_shared<decltype(handler)>(std::move(handler));
          auto weak = weak_from_this();
          sink(std::move(m), [shared, weak](StoreResult outcome) {
            if (auto self = weak.lock()) {
              self->post_if_alive([shared, outcome = std::move(outcome)]() mutable {
                (*shared)(std::move(outcome));
              });
            }
          });
        },
        token, std::move(message));
  }

  asio::awaitable<void> enter_large_gate() {
    if (!large_busy) {
      large_busy = true;
      co_return;
    }
    asio::steady_timer turn(io, asio::steady_timer::time_point::max());
    auto me = large_waiters.insert(large_waiters.end(), &turn);
    boost::system::error_code ec;
    co_await turn.async_wait(asio::redirect_error(asio::use_awaitable, ec));
    // leave_large_gate() removed us and passed the gate on (large_busy stays true).
    (void)me;
  }

  void leave_large_gate() {
    if (large_waiters.empty()) {
      large_busy = false;
      return;
    }
    asio::steady_timer* next = large_waiters.front();
    large_waiters.pop_front();
    next->cancel();
  }

  asio::awaitable<void> watchdog(std::list<Session>::iterator it,
                                 std::shared_ptr<std::chrono::steady_clock::time_point> deadline,
                                 std::shared_ptr<bool> done) {
    asio::steady_timer timer(io);
    while (!*done) {
      timer.expires_at(*deadline);
      boost::system::error_code ec;
      co_await timer.async_wait(asio::redirect_error(asio::use_awaitable, ec));
      if (*done) co_return;
      if (std::chrono::steady_clock::now() >= *deadline && !it->committing) {
        static const std::string kTimeout = "421 4.4.2 idle timeout, closing connection\r\n";
        boost::system::error_code ignored;
        it->socket.non_blocking(true, ignored);
        if (!it->tls) it->socket.write_some(asio::buffer(kTimeout), ignored);  // a TLS record would be needed
        it->socket.close(ignored);
        co_return;
      }
    }
  }

  asio::awaitable<void> run_session(std::list<Session>::iterator it) {
    SmtpProtocol protocol(options.protocol);
    auto deadline = std::make_shared<std::chrono::steady_clock::time_point>(
        std::chrono::steady_clock::now() + options.idle_timeout);
    auto done = std::make_shared<bool>(false);
    struct Finish {
      std::shared_ptr<bool> flag;
      ~Finish() { *flag = true; }
    } finish{done};
    asio::co_spawn(io, watchdog(it, deadline, done), asio::detached);

    std::string out = protocol.greeting();
    co_await send(*it, out);
    out.clear();
    std::string buffer;
    while (true) {
      if (stopping && !protocol.in_data()) {
        out += "421 4.3.2 service shutting down\r\n";
        co_await send(*it, out);
        co_return;
      }
      *deadline = std::chrono::steady_clock::now() + options.idle_timeout;
      boost::system::error_code ec;
      // Commands are lines of at most kMaxLineBytes; message text may have longer lines,
      // which are taken in pieces so no more than kMaxLineBytes waits here at once.
      const bool data = protocol.in_data();
      const std::size_t n = co_await read_line(*it, buffer, ec);
      if (ec == asio::error::not_found && data) {
        // A CR at the end may begin the CRLF: it stays for the next read.
        const std::size_t keep = !buffer.empty() && buffer.back() == '\r' ? 1 : 0;
        protocol.on_data_fragment(std::string_view(buffer.data(), buffer.size() - keep));
        buffer.erase(0, buffer.size() - keep);
        continue;
      }
      if (ec == asio::error::not_found) {
        out += "500 5.5.2 line too long\r\n";
        co_await send(*it, out);
        co_return;
      }
      if (ec) co_return;
      std::string_view line(buffer.data(), n - 1);
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      SmtpStep step = protocol.on_line(line);
      buffer.erase(0, n);
      out += step.reply;
      if (step.message) {
        // Answers still owed (a client that did not wait for 354) go out before the wait.
        if (!out.empty()) {
          co_await send(*it, out);
          out.clear();
        }
        it->committing = true;
        ReceivedMessage message = std::move(*step.message);
        ReceivedMessage envelope{message.mail_from, message.recipients, {}, {}};
        // The message's share of the budget is held until its commit is answered: the host
        // keeps a copy until then.
        BudgetHold hold = std::move(message.hold);
        const bool large = message.data.size() > kLargeMessageBytes;
        if (large) {
          auto gate = enter_large_gate();
          co_await std::move(gate);
        }
        // A named awaitable: GCC 12 mishandles non-trivial temporaries in co_await.
        auto commit = async_commit(std::move(message), asio::use_awaitable);
        StoreResult outcome = co_await std::move(commit);
        if (large) leave_large_gate();
        hold.release();
        it->committing = false;
        switch (outcome.kind) {
          case StoreResult::Kind::stored:
            out += protocol.accepted_replies(envelope, outcome.detail);
            break;
          case StoreResult::Kind::retry:
            out += protocol.failed_replies(envelope, 451, "4.3.0", outcome.detail);
            break;
          case StoreResult::Kind::refused:
            out += protocol.failed_replies(envelope, 554, "5.6.0", outcome.detail);
            break;
        }
      }
      // PIPELINING: answers to commands already received go out together; DATA's 354 is
      // a synchronisation point (RFC 2920) and goes out at once.
      if (step.start_tls) {
        co_await send(*it, out);
        out.clear();
        // Whatever came after STARTTLS was sent in the clear: it is dropped, never read as
        // if it had come under TLS (the command injection of CVE-2011-0411).
        buffer.clear();
        it->tls = std::make_unique<asio::ssl::stream<tcp::socket&>>(it->socket, *options.tls);
        co_await it->tls->async_handshake(asio::ssl::stream_base::server,
                                          asio::redirect_error(asio::use_awaitable, ec));
        if (ec) co_return;
        protocol.tls_started();
        continue;
      }
      if (step.close || protocol.in_data() || buffer.find('\n') == std::string::npos) {
        if (!out.empty()) {
          co_await send(*it, out);
          out.clear();
        }
        if (step.close) co_return;
      }
    }
  }

  void close_idle() {
    stopping = true;
    boost::system::error_code ignored;
    acceptor.close(ignored);
    for (auto& session : live) {
      if (!session.committing) session.socket.close(ignored);
    }
  }
};

std::shared_ptr<asio::ssl::context> server_tls_context(const std::string& certificate, const std::string& key) {
  auto context = std::make_shared<asio::ssl::context>(asio::ssl::context::tls_server);
  context->set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                       asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 |
                       asio::ssl::context::no_tlsv1_1 | asio::ssl::context::single_dh_use);
  boost::system::error_code ec;
  context->use_certificate_chain_file(certificate, ec);
  if (ec) throw std::runtime_error("channels.email.tls_certificate: cannot use " + certificate + ": " + ec.message());
  context->use_private_key_file(key, asio::ssl::context::pem, ec);
  if (ec) throw std::runtime_error("channels.email.tls_key: cannot use " + key + ": " + ec.message());
  return context;
}

SmtpServer::SmtpServer(SmtpServerOptions options, MessageSink sink)
    : impl_(std::make_shared<Impl>(std::move(options), std::move(sink), sessions_)) {
  impl_->options.protocol.starttls = impl_->options.tls != nullptr;
}

SmtpServer::~SmtpServer() {
  if (thread_.joinable()) {
    auto impl = impl_;
    asio::post(impl_->io, [impl] {
      impl->close_idle();
      boost::system::error_code ignored;
      for (auto& session : impl->live) session.socket.close(ignored);
    });
    impl_->work.reset();
    impl_->io.stop();
    thread_.join();
  }
  std::lock_guard lock(impl_->alive_mutex);
  impl_->alive = false;
}

void SmtpServer::start() {
  tcp::endpoint endpoint;
  try {
    endpoint = tcp::endpoint(asio::ip::make_address(impl_->options.host), impl_->options.port);
  } catch (const std::exception&) {
    throw std::runtime_error("channels.email.listen: '" + impl_->options.host +
                             "' is not an IP address");
  }
  boost::system::error_code ec;
  impl_->acceptor.open(endpoint.protocol(), ec);
  if (!ec) impl_->acceptor.set_option(tcp::acceptor::reuse_address(true), ec);
  if (!ec) impl_->acceptor.bind(endpoint, ec);
  if (!ec) impl_->acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    throw std::runtime_error("cannot listen for mail on " + impl_->options.host + ":" +
                             std::to_string(impl_->options.port) + ": " + ec.message());
  }
  port_ = impl_->acceptor.local_endpoint().port();
  auto impl = impl_;
  asio::co_spawn(impl_->io, impl_->accept_loop(), asio::detached);
  thread_ = std::thread([impl] { impl->io.run(); });
}

void SmtpServer::stop() {
  auto impl = impl_;
  impl_->post_if_alive([impl] { impl->close_idle(); });
}

}  // namespace frontdesk::email
