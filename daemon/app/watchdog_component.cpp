// SPDX-License-Identifier: Apache-2.0
#include "app/watchdog_component.hpp"

#include "app/service_notifier.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>

#include <future>

namespace frontdesk::app {

namespace asio = boost::asio;

// The timer lives on a strand: its pings and the cancel at shutdown never run at once.
void WatchdogComponent::start() {
  const auto interval = ServiceNotifier::watchdog_interval();
  if (!interval) return;
  interval_ = *interval;
  timer_.emplace(asio::make_strand(services_.io));
  asio::post(timer_->get_executor(), [this] { ping(); });
}

void WatchdogComponent::ping() {
  ServiceNotifier().watchdog();
  timer_->expires_after(interval_);
  timer_->async_wait([this](const boost::system::error_code& ec) {
    if (!ec && !stopped_) ping();
  });
}

void WatchdogComponent::stop() {
  if (!timer_) return;
  std::promise<void> cancelled;
  asio::post(timer_->get_executor(), [this, &cancelled] {
    stopped_ = true;  // a ping already due when the cancel came does not re-arm
    timer_->cancel();
    cancelled.set_value();
  });
  cancelled.get_future().wait();
}

}  // namespace frontdesk::app
