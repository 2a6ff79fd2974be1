// SPDX-License-Identifier: Apache-2.0
// POP3 polling with Poco's POP3ClientSession (implicit TLS with NetSSL when configured).
// A message is deleted from the mailbox only after its ingest committed; one that could
// not be stored stays for the next pass.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "config.hpp"
#include "inbound_mail.hpp"

namespace frontdesk::email {

// Stores one raw message; calls `done(true)` once it is committed (or known already),
// `done(false)` when it must be retried. May call `done` from any thread.
using RawSink = std::function<void(std::string raw, Envelope envelope, std::function<void(bool)> done)>;
using Logger = std::function<void(bool error, const std::string& line)>;

class Pop3Poller {
 public:
  Pop3Poller(std::vector<Pop3Mailbox> mailboxes, std::chrono::seconds interval, RawSink sink,
             Logger log);
  ~Pop3Poller();  // stops and joins the thread
  Pop3Poller(const Pop3Poller&) = delete;
  Pop3Poller& operator=(const Pop3Poller&) = delete;

  void start();  // polls at once, then every interval, on its own thread
  // Asks the thread to stop after the message in hand; never blocks (the destructor joins).
  void stop();

  // One pass over every mailbox, on the calling thread: the number of messages stored.
  std::size_t poll_once();

 private:
  std::size_t poll_mailbox(const Pop3Mailbox& box);

  std::vector<Pop3Mailbox> mailboxes_;
  std::chrono::seconds interval_;
  RawSink sink_;
  Logger log_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace frontdesk::email
