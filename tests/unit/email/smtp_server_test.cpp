// SPDX-License-Identifier: Apache-2.0
// The listener over real loopback sockets with a sink the test completes by hand.
#include "smtp_server.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/write.hpp>
#include <gtest/gtest.h>

#include <condition_variable>
#include <deque>
#include <mutex>

namespace frontdesk::email {
namespace {

namespace asio = boost::asio;
using asio::ip::tcp;

// Received messages wait here until the test answers them.
struct PendingSink {
  std::mutex mutex;
  std::condition_variable arrived;
  std::deque<std::pair<ReceivedMessage, SinkDone>> pending;

  MessageSink sink() {
    return [this](ReceivedMessage m, SinkDone done) {
      std::lock_guard lock(mutex);
      pending.emplace_back(std::move(m), std::move(done));
      arrived.notify_all();
    };
  }
  std::pair<ReceivedMessage, SinkDone> next() {
    std::unique_lock lock(mutex);
    EXPECT_TRUE(arrived.wait_for(lock, std::chrono::seconds(10), [this] { return !pending.empty(); }));
    auto item = std::move(pending.front());
    pending.pop_front();
    return item;
  }
};

class Client {
 public:
  explicit Client(std::uint16_t port) : socket_(io_) {
    socket_.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
  }
  void send(const std::string& text) { asio::write(socket_, asio::buffer(text)); }
  // One reply line.
  std::string line() {
    boost::system::error_code ec;
    const std::size_t n = asio::read_until(socket_, asio::dynamic_buffer(buffer_), "\r\n", ec);
    if (ec) return "<" + ec.message() + ">";
    std::string out = buffer_.substr(0, n - 2);
    buffer_.erase(0, n);
    return out;
  }
  // The final line of a multi-line reply.
  std::string reply() {
    std::string l;
    do {
      l = line();
    } while (l.size() > 3 && l[3] == '-');
    return l;
  }
  bool nothing_pending() {
    socket_.non_blocking(true);
    char c = 0;
    boost::system::error_code ec;
    socket_.read_some(asio::buffer(&c, 1), ec);
    socket_.non_blocking(false);
    return ec == asio::error::would_block && buffer_.empty();
  }

 private:
  asio::io_context io_;
  tcp::socket socket_;
  std::string buffer_;
};

SmtpServerOptions server_options() {
  SmtpServerOptions o;
  o.port = 0;
  o.protocol.hostname = "example.com";
  o.protocol.max_message_bytes = 1024;
  o.protocol.accepts = [](std::string_view r) { return r == "support@example.com"; };
  o.max_sessions = 2;
  o.idle_timeout = std::chrono::seconds(30);
  return o;
}

TEST(SmtpServer, AnswersDataOnlyAfterTheSinkCommitsAndPipelines) {
  PendingSink sink;
  SmtpServer server(server_options(), sink.sink());
  server.start();
  Client c(server.local_port());
  EXPECT_EQ(c.line().substr(0, 3), "220");
  // Everything in one write, as a PIPELINING client does.
  c.send("EHLO test\r\nMAIL FROM:<ann@example.com>\r\nRCPT TO:<support@example.com>\r\nDATA\r\n");
  EXPECT_EQ(c.reply().substr(0, 3), "250");
  EXPECT_EQ(c.reply().substr(0, 3), "250");
  EXPECT_EQ(c.reply().substr(0, 3), "250");
  EXPECT_EQ(c.reply().substr(0, 3), "354");
  c.send("Subject: hi\r\n\r\n..dot\r\n.\r\nNOOP\r\n");
  auto [message, done] = sink.next();
  EXPECT_EQ(message.data, "Subject: hi\r\n\r\n.dot\r\n");
  EXPECT_TRUE(c.nothing_pending()) << "no reply before the commit, not even to NOOP";
  done(StoreResult{StoreResult::Kind::stored, "queued as TKT-1-000001"});
  EXPECT_EQ(c.reply(), "250 2.0.0 queued as TKT-1-000001");
  EXPECT_EQ(c.reply().substr(0, 3), "250");

  c.send("MAIL FROM:<ann@example.com>\r\nRCPT TO:<support@example.com>\r\nDATA\r\n");
  EXPECT_EQ(c.reply().substr(0, 3), "250");
  EXPECT_EQ(c.reply().substr(0, 3), "250");
  EXPECT_EQ(c.reply().substr(0, 3), "354");
  c.send("x\r\n.\r\n");
  auto second = sink.next();
  second.second(StoreResult{StoreResult::Kind::retry, "temporary storage failure"});
  EXPECT_EQ(c.reply(), "451 4.3.0 temporary storage failure");
  c.send("QUIT\r\n");
  EXPECT_EQ(c.reply().substr(0, 3), "221");
}

TEST(SmtpServer, RefusesOversizeMessagesAndOverlongLines) {
  PendingSink sink;
  SmtpServer server(server_options(), sink.sink());
  server.start();
  Client c(server.local_port());
  c.line();
  c.send("HELO t\r\nMAIL FROM:<a@b.c>\r\nRCPT TO:<support@example.com>\r\nDATA\r\n");
  for (int i = 0; i < 4; ++i) c.reply();
  c.send(std::string(2000, 'x') + "\r\n.\r\n");
  EXPECT_EQ(c.reply().substr(0, 3), "552");
  c.send(std::string(70000, 'y'));
  EXPECT_EQ(c.reply().substr(0, 3), "500");
  EXPECT_EQ(c.line().front(), '<') << "the connection is closed";

  // One message line longer than the whole size limit allows: read in pieces (never held
  // whole) and answered 552 at the end of DATA; the session goes on.
  Client d(server.local_port());
  d.line();
  d.send("HELO t\r\nMAIL FROM:<a@b.c>\r\nRCPT TO:<support@example.com>\r\nDATA\r\n");
  for (int i = 0; i < 4; ++i) d.reply();
  d.send(std::string(70000, 'z'));
  EXPECT_TRUE(d.nothing_pending());
  d.send("\r\n.\r\nNOOP\r\n");
  EXPECT_EQ(d.reply().substr(0, 3), "552");
  EXPECT_EQ(d.reply().substr(0, 3), "250");
}

TEST(SmtpServer, LongLinesUnderTheLimitArriveWhole) {
  PendingSink sink;
  auto options = server_options();
  options.protocol.max_message_bytes = 300 * 1024;
  SmtpServer server(options, sink.sink());
  server.start();
  Client c(server.local_port());
  c.line();
  c.send("HELO t\r\nMAIL FROM:<a@b.c>\r\nRCPT TO:<support@example.com>\r\nDATA\r\n");
  for (int i = 0; i < 4; ++i) c.reply();
  const std::string line = "." + std::string(200 * 1024, 'q') + "\r";
  c.send(line);  // a CR at the end of a piece: its LF comes later
  c.send("\nend\r\n.\r\n");
  auto [message, done] = sink.next();
  EXPECT_EQ(message.data, std::string(200 * 1024, 'q') + "\r\nend\r\n");
  done(StoreResult{StoreResult::Kind::stored, "queued"});
  EXPECT_EQ(c.reply().substr(0, 3), "250");
}

TEST(SmtpServer, CapsConcurrentSessionsAndTimesOutIdleOnes) {
  PendingSink sink;
  auto options = server_options();
  options.idle_timeout = std::chrono::milliseconds(300);
  SmtpServer server(options, sink.sink());
  server.start();
  Client a(server.local_port());
  Client b(server.local_port());
  EXPECT_EQ(a.line().substr(0, 3), "220");
  EXPECT_EQ(b.line().substr(0, 3), "220");
  Client c(server.local_port());
  EXPECT_EQ(c.line().substr(0, 3), "421");
  // Idle sessions are closed with 421 after the timeout.
  EXPECT_EQ(a.line().substr(0, 3), "421");
  EXPECT_EQ(b.line().substr(0, 3), "421");
}

TEST(SmtpServer, StopClosesIdleSessionsButFinishesACommit) {
  PendingSink sink;
  SmtpServer server(server_options(), sink.sink());
  server.start();
  Client idle(server.local_port());
  Client busy(server.local_port());
  idle.line();
  busy.line();
  busy.send("HELO t\r\nMAIL FROM:<a@b.c>\r\nRCPT TO:<support@example.com>\r\nDATA\r\nhi\r\n.\r\n");
  for (int i = 0; i < 4; ++i) busy.reply();
  auto [message, done] = sink.next();
  server.stop();
  EXPECT_EQ(idle.line().front(), '<') << "closed";
  done(StoreResult{StoreResult::Kind::stored, "queued"});
  EXPECT_EQ(busy.reply(), "250 2.0.0 queued");
  EXPECT_EQ(busy.reply().substr(0, 3), "421");
}

TEST(SmtpServer, BindFailureIsAClearError) {
  PendingSink sink;
  SmtpServer first(server_options(), sink.sink());
  first.start();
  auto options = server_options();
  options.port = first.local_port();
  SmtpServer second(options, sink.sink());
  try {
    second.start();
    FAIL() << "expected a bind error";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("cannot listen for mail on 127.0.0.1:"), std::string::npos);
  }
}

}  // namespace
}  // namespace frontdesk::email
