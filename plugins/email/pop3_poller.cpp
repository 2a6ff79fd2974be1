// SPDX-License-Identifier: Apache-2.0
#include "pop3_poller.hpp"

#include <Poco/Net/Context.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/POP3ClientSession.h>
#include <Poco/Net/SecureStreamSocket.h>
#include <Poco/Net/SocketAddress.h>

#include <future>
#include <memory>
#include <sstream>

namespace frontdesk::email {

namespace {
constexpr auto kCommitWait = std::chrono::minutes(2);
}

Pop3Poller::Pop3Poller(std::vector<Pop3Mailbox> mailboxes, std::chrono::seconds interval,
                       RawSink sink, Logger log)
    : mailboxes_(std::move(mailboxes)),
      interval_(interval),
      sink_(std::move(sink)),
      log_(std::move(log)) {}

Pop3Poller::~Pop3Poller() {
  stop();
  if (thread_.joinable()) thread_.join();
}

void Pop3Poller::start() {
  if (mailboxes_.empty() || thread_.joinable()) return;
  thread_ = std::thread([this] {
    std::unique_lock lock(mutex_);
    while (!stopping_) {
      lock.unlock();
      poll_once();
      lock.lock();
      wake_.wait_for(lock, interval_, [this] { return stopping_; });
    }
  });
}

void Pop3Poller::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
}

std::size_t Pop3Poller::poll_once() {
  std::size_t stored = 0;
  for (const auto& box : mailboxes_) {
    const std::string name = box.user + "@" + box.host + ":" + std::to_string(box.port);
    try {
      stored += poll_mailbox(box);
    } catch (const Poco::Exception& e) {
      log_(true, "pop3 " + name + ": " + e.displayText());
    } catch (const std::exception& e) {
      log_(true, "pop3 " + name + ": " + e.what());
    }
  }
  return stored;
}

std::size_t Pop3Poller::poll_mailbox(const Pop3Mailbox& box) {
  std::unique_ptr<Poco::Net::POP3ClientSession> session;
  const Poco::Net::SocketAddress address(box.host, box.port);
  if (box.tls) {
    auto context = Poco::makeAuto<Poco::Net::Context>(Poco::Net::Context::TLS_CLIENT_USE, "",
                                                      Poco::Net::Context::VERIFY_RELAXED, 9, true);
    Poco::Net::SecureStreamSocket socket(address, box.host, context);
    session = std::make_unique<Poco::Net::POP3ClientSession>(socket);
  } else {
    session = std::make_unique<Poco::Net::POP3ClientSession>(box.host, box.port);
  }
  session->setTimeout(Poco::Timespan(60, 0));
  session->login(box.user, box.password);
  Poco::Net::POP3ClientSession::MessageInfoVec messages;
  session->listMessages(messages);
  std::size_t stored = 0;
  const std::string source = "pop3:" + box.user + "@" + box.host;
  for (const auto& info : messages) {
    {
      std::lock_guard lock(mutex_);
      if (stopping_) break;
    }
    std::ostringstream raw;
    session->retrieveMessage(info.id, raw);
    auto committed = std::make_shared<std::promise<bool>>();
    auto result = committed->get_future();
    sink_(raw.str(), Envelope{"", {}, source}, [committed](bool ok) { committed->set_value(ok); });
    if (result.wait_for(kCommitWait) != std::future_status::ready || !result.get()) {
      log_(true, "pop3 " + source + ": message " + std::to_string(info.id) +
                     " not stored; it stays in the mailbox for the next pass");
      break;
    }
    session->deleteMessage(info.id);
    ++stored;
  }
  session->close();  // QUIT: the server removes the messages marked deleted
  return stored;
}

}  // namespace frontdesk::email
