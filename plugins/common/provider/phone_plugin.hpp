// SPDX-License-Identifier: Apache-2.0
#pragma once
// The frame the phone channel plugins (whatsapp, sms) share: the host, the settings,
// refusing webhooks once stopping, and threads of their own for the blocking provider
// requests (sends, media downloads), which never run on the host's threads. The settings
// are a snapshot that a reload may replace (rotated secrets) while requests use the old one.
#include "provider/delivery.hpp"

#include <frontdesk/plugin.hpp>

#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>

#include <atomic>
#include <memory>
#include <utility>

namespace frontdesk::provider {

template <class Config>
class PhonePlugin : public sdk::Plugin {
 public:
  PhonePlugin(sdk::Host& host, Config config)
      : host_(host), config_(std::make_shared<const Config>(std::move(config))) {}
  ~PhonePlugin() override { pool_.join(); }
  PhonePlugin(const PhonePlugin&) = delete;
  PhonePlugin& operator=(const PhonePlugin&) = delete;
  PhonePlugin(PhonePlugin&&) = delete;
  PhonePlugin& operator=(PhonePlugin&&) = delete;

  void stop() override { stopped_ = true; }

 protected:
  // Runs `work` on the plugin's threads.
  template <class Work>
  void in_background(Work&& work) {
    boost::asio::post(pool_, std::forward<Work>(work));
  }
  // Waits for the work in flight: the final class's destructor calls it, so no work runs
  // on a half-destroyed plugin.
  void finish_background_work() { pool_.join(); }

  // Answers 503 once the plugin is stopping; true when it did.
  bool refused_while_stopping(const sdk::Responder& out) const {
    if (!stopped_) return false;
    out.send(json_error(503, "unavailable", "the service is shutting down"));
    return true;
  }

  // The settings in force; take one snapshot per request or send.
  std::shared_ptr<const Config> config() const { return config_.load(); }
  // A reload's settings, in which only the plugin's reloadable keys differ.
  void replace_config(Config fresh) { config_.store(std::make_shared<const Config>(std::move(fresh))); }

  sdk::Host& host_;

 private:
  std::atomic<std::shared_ptr<const Config>> config_;
  std::atomic<bool> stopped_{false};
  boost::asio::thread_pool pool_{4};
};

}  // namespace frontdesk::provider
