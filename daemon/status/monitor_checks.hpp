// SPDX-License-Identifier: Apache-2.0
#pragma once
// One run of a monitor: an HTTP(S) GET answering the expected status (any 2xx or 3xx when
// none is given) with the expected text in its body; a TCP connection accepted; a TLS
// handshake whose certificate is valid for at least `min_days` more days; a host name that
// resolves. Everything is asynchronous on the caller's executor and ends within the
// monitor's timeout, name resolution included: a monitor never blocks the daemon.
#include "config/config.hpp"
#include "net/destination_guard.hpp"

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ssl/context.hpp>

#include <chrono>
#include <string>

namespace frontdesk::status {

struct CheckResult {
  bool ok = false;
  std::chrono::milliseconds latency{0};
  std::string error;  // why it failed, for the result row and the draft incident
};

// Runs on the calling coroutine's executor, which must be a strand (the deadline cancels the
// work from a handler on it). `guard` picks the resolved addresses that may be connected to
// (none: the check fails saying why); `https` verifies certificates against the system store.
boost::asio::awaitable<CheckResult> run_check(const config::MonitorConfig& monitor, const net::DestinationGuard& guard,
                                              boost::asio::ssl::context& https);

}  // namespace frontdesk::status
