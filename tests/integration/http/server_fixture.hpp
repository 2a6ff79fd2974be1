// SPDX-License-Identifier: Apache-2.0
#pragma once
// A real Server on 127.0.0.1, port 0, with its io_context run by two threads.
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <thread>
#include <vector>

#include "http/router.hpp"
#include "http/server.hpp"
#include "http_client.hpp"

namespace frontdesk::http::test {

using namespace std::chrono_literals;
using frontdesk::testing::HttpConnection;
using frontdesk::testing::HttpResult;
using frontdesk::testing::http_request;

inline constexpr const char* kHost = "127.0.0.1";

// Polls `condition` until it holds or `limit` passes; true when it held.
template <typename Condition>
bool eventually(Condition condition, std::chrono::milliseconds limit = 5s) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (!condition()) {
    if (std::chrono::steady_clock::now() > deadline) {
      return false;
    }
    std::this_thread::sleep_for(1ms);
  }
  return true;
}

class ServerFixture : public ::testing::Test {
 protected:
  ServerFixture() : router_(std::make_shared<Router>()) {}
  ~ServerFixture() override { stop(); }

  Router& router() { return *router_; }
  Server& server() { return *server_; }
  std::uint16_t port() const { return server_->local_port(); }

  // Routes must be added before this.
  void start(ServerOptions options = {}) {
    options.host = kHost;
    options.port = 0;
    server_ = std::make_unique<Server>(io_, router_, options);
    server_->start();
    for (int i = 0; i < 2; ++i) {
      threads_.emplace_back([this] { io_.run(); });
    }
  }

  void stop() {
    server_.reset();
    work_.reset();
    for (auto& thread : threads_) {
      thread.join();
    }
    threads_.clear();
  }

  boost::asio::io_context io_;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work_ =
      boost::asio::make_work_guard(io_);
  std::shared_ptr<Router> router_;
  std::unique_ptr<Server> server_;
  std::vector<std::thread> threads_;
};

}  // namespace frontdesk::http::test
