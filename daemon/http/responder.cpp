// SPDX-License-Identifier: Apache-2.0
#include "http/responder.hpp"

#include <spdlog/spdlog.h>

#include <atomic>
#include <exception>
#include <utility>

namespace frontdesk::http {

struct Responder::State {
  State(boost::asio::any_io_executor ex, Deliver fn)
      : executor(std::move(ex)), deliver(std::move(fn)) {}

  State(const State&) = delete;
  State& operator=(const State&) = delete;

  ~State() {
    if (answered.exchange(true)) {
      return;
    }
    try {
      spdlog::warn("http: handler dropped its responder without answering; sending 500");
      deliver(Response::error(500, "internal_error", "The request handler did not respond."));
    } catch (const std::exception& e) {
      spdlog::error("http: could not send the automatic 500: {}", e.what());
    } catch (...) {
      spdlog::error("http: could not send the automatic 500");
    }
  }

  boost::asio::any_io_executor executor;
  Deliver deliver;
  std::atomic<bool> answered{false};
};

Responder::Responder(boost::asio::any_io_executor executor, Deliver deliver)
    : state_(std::make_shared<State>(std::move(executor), std::move(deliver))) {}

void Responder::send(Response response) const {
  if (state_->answered.exchange(true)) {
    spdlog::debug("http: response already sent; ignoring a second one (status {})",
                  response.status);
    return;
  }
  state_->deliver(std::move(response));
}

bool Responder::sent() const noexcept { return state_->answered.load(); }

const boost::asio::any_io_executor& Responder::executor() const noexcept {
  return state_->executor;
}

}  // namespace frontdesk::http
