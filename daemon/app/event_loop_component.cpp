// SPDX-License-Identifier: Apache-2.0
#include "app/event_loop_component.hpp"

#include "config/config.hpp"

#include <boost/asio/post.hpp>
#include <spdlog/spdlog.h>

#include <csignal>
#include <future>

namespace frontdesk::app {

namespace asio = boost::asio;

void run_on_loop(asio::io_context& io, std::function<void()> f) {
  std::packaged_task<void()> task(std::move(f));
  auto done = task.get_future();
  asio::post(io, [&task] { task(); });
  done.get();
}

EventLoopComponent::~EventLoopComponent() { stop(); }

void EventLoopComponent::start() {
  auto& io = services_.io;
  work_.emplace(io.get_executor());
  const auto n = static_cast<std::size_t>(config::resolve_thread_count(services_.config.threads));
  for (std::size_t i = 0; i < n; ++i) threads_.emplace_back([&io] { io.run(); });
}

void EventLoopComponent::stop() {
  work_.reset();
  services_.io.stop();
  for (auto& t : threads_) t.join();
  threads_.clear();
}

void SignalsComponent::start() {
  signals_.emplace(services_.io, SIGTERM, SIGINT, SIGHUP);
  watch();
}

// After SIGTERM or SIGINT the set stays registered and unwatched: a second one during the
// shutdown changes nothing.
void SignalsComponent::watch() {
  signals_->async_wait([this](const boost::system::error_code& ec, int signo) {
    if (ec) return;
    if (signo == SIGHUP) {
      services_.request_reload();
      watch();
      return;
    }
    spdlog::info("received {}", signo == SIGTERM ? "SIGTERM" : "SIGINT");
    services_.request_shutdown(0);
  });
}

void SignalsComponent::stop() {
  run_on_loop(services_.io, [this] { signals_->cancel(); });
}

}  // namespace frontdesk::app
