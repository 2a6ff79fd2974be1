// SPDX-License-Identifier: Apache-2.0
#include "storage/listener.hpp"

#include "storage/conninfo.hpp"

#include <libpq-fe.h>
#include <poll.h>
#include <spdlog/spdlog.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <system_error>

namespace frontdesk::storage {

namespace {

// libpq's message on one line: its lines (a reason, then a hint) joined by a space.
std::string trimmed(const char* s) {
  std::string out;
  bool space = false;
  for (const char* p = s != nullptr ? s : ""; *p != '\0'; ++p) {
    const bool blank = *p == '\n' || *p == '\t' || *p == ' ';
    if (blank) {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += *p;
  }
  return out;
}

// A listening connection runs no statements of its own after LISTEN; what the server says
// on it unasked (e.g. "terminating connection due to administrator command") is routine.
void quiet_notice(void* /*unused*/, const PGresult* res) {
  spdlog::debug("storage: listener connection: {}", trimmed(PQresultErrorMessage(res)));
}

// Milliseconds from now until `t`, rounded up (a wait never ends just short of its
// deadline and spins), at least 0.
int millis_until(std::chrono::steady_clock::time_point t) {
  const auto left = std::chrono::ceil<std::chrono::milliseconds>(t - std::chrono::steady_clock::now());
  return static_cast<int>(std::clamp<std::int64_t>(left.count(), 0, 24 * 3600 * 1000));
}

}  // namespace

bool Listener::Waited::on(std::string_view channel) const noexcept {
  return std::any_of(notifications.begin(), notifications.end(),
                     [&](const Notification& n) { return n.channel == channel; });
}

Listener::Listener(std::string conninfo, std::vector<std::string> channels, Options options)
    : conninfo_(std::move(conninfo)), description_(redact_conninfo(conninfo_)), channels_(std::move(channels)),
      options_(std::move(options)), wake_fd_(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)) {
  if (wake_fd_ < 0) throw std::system_error(errno, std::generic_category(), options_.name + ": eventfd");
}

Listener::~Listener() {
  if (conn_ != nullptr) PQfinish(conn_);
  ::close(wake_fd_);
}

void Listener::interrupt() noexcept {
  interrupt_.store(true);
  const std::uint64_t one = 1;
  [[maybe_unused]] const auto n = ::write(wake_fd_, &one, sizeof one);
}

void Listener::stop() noexcept {
  stop_.store(true);
  const std::uint64_t one = 1;
  [[maybe_unused]] const auto n = ::write(wake_fd_, &one, sizeof one);
}

int Listener::backend_pid() const noexcept { return phase_ == Phase::listening ? PQbackendPID(conn_) : 0; }

void Listener::drain_wakeups() const noexcept {
  std::uint64_t count = 0;
  [[maybe_unused]] const auto n = ::read(wake_fd_, &count, sizeof count);
}

Listener::Waited Listener::wait(std::chrono::milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  Waited out;
  bool looked = false;  // the socket was polled at least once, so a zero timeout still reads
  while (true) {
    if (stop_.load()) {
      out.wake = Wake::stopped;
      return out;
    }
    if (interrupt_.exchange(false)) {
      out.wake = Wake::interrupted;
      return out;
    }
    const auto now = Clock::now();
    if (phase_ == Phase::disconnected && now >= retry_at_) begin_connect();
    if ((phase_ == Phase::connecting || phase_ == Phase::subscribing) && now >= attempt_deadline_) {
      fail(phase_ == Phase::connecting ? "connecting" : "subscribing", "timed out");
    }
    if (announce_) {
      announce_ = false;
      out.wake = Wake::connected;
      return out;
    }
    collect(out.notifications);
    if (!out.notifications.empty()) {
      out.wake = Wake::notified;
      return out;
    }
    if (looked && now >= deadline) {
      out.wake = Wake::timeout;
      return out;
    }

    auto until = deadline;
    if (phase_ == Phase::disconnected) until = std::min(until, retry_at_);
    if (phase_ == Phase::connecting || phase_ == Phase::subscribing) until = std::min(until, attempt_deadline_);
    pollfd fds[2] = {{wake_fd_, POLLIN, 0}, {-1, 0, 0}};
    nfds_t count = 1;
    if (phase_ != Phase::disconnected) {
      fds[1] = {PQsocket(conn_), socket_events(), 0};
      count = 2;
    }
    const int ready = ::poll(fds, count, millis_until(until));
    looked = true;
    if (ready <= 0) continue;  // timed out, or EINTR: look again
    if ((fds[0].revents & POLLIN) != 0) drain_wakeups();
    if (count == 2 && fds[1].revents != 0) advance();
  }
}

bool Listener::pause(std::chrono::milliseconds duration) {
  const auto until = Clock::now() + duration;
  while (!stop_.load()) {
    const int left = millis_until(until);
    if (left == 0) return true;
    pollfd fd{wake_fd_, POLLIN, 0};
    // interrupt() wakes this poll too; its flag stays set, so the next wait() ends at once.
    if (::poll(&fd, 1, left) > 0) drain_wakeups();
  }
  return false;
}

void Listener::begin_connect() {
  attempt_deadline_ = Clock::now() + options_.connect_timeout;
  conn_ = PQconnectStart(conninfo_.c_str());
  if (conn_ == nullptr) {
    fail("connecting", "out of memory");
    return;
  }
  if (PQstatus(conn_) == CONNECTION_BAD) {
    fail("connecting", trimmed(PQerrorMessage(conn_)));
    return;
  }
  PQsetNoticeReceiver(conn_, quiet_notice, nullptr);
  phase_ = Phase::connecting;
  want_write_ = true;  // libpq: before the first PQconnectPoll, wait as if it asked to write
}

short Listener::socket_events() const noexcept {
  if (phase_ == Phase::connecting) return want_write_ ? POLLOUT : POLLIN;
  return POLLIN;
}

void Listener::advance() {
  switch (phase_) {
    case Phase::disconnected:
      return;
    case Phase::connecting: {
      switch (PQconnectPoll(conn_)) {
        case PGRES_POLLING_READING:
          want_write_ = false;
          return;
        case PGRES_POLLING_WRITING:
          want_write_ = true;
          return;
        case PGRES_POLLING_FAILED:
          fail("connecting", trimmed(PQerrorMessage(conn_)));
          return;
        default:  // PGRES_POLLING_OK
          break;
      }
      std::string sql;
      for (const auto& channel : channels_) {
        char* quoted = PQescapeIdentifier(conn_, channel.c_str(), channel.size());
        if (quoted == nullptr) {
          fail("subscribing", trimmed(PQerrorMessage(conn_)));
          return;
        }
        sql += "LISTEN " + std::string(quoted) + ";";
        PQfreemem(quoted);
      }
      if (PQsendQuery(conn_, sql.c_str()) == 0) {
        fail("subscribing", trimmed(PQerrorMessage(conn_)));
        return;
      }
      phase_ = Phase::subscribing;
      return;
    }
    case Phase::subscribing: {
      if (PQconsumeInput(conn_) == 0) {
        fail("subscribing", trimmed(PQerrorMessage(conn_)));
        return;
      }
      while (PQisBusy(conn_) == 0) {
        PGresult* res = PQgetResult(conn_);
        if (res == nullptr) {  // every LISTEN answered
          phase_ = Phase::listening;
          announce_ = true;
          if (outage_) spdlog::info("{}: listening again on {}", options_.name, description_);
          outage_ = false;
          return;
        }
        const bool ok = PQresultStatus(res) == PGRES_COMMAND_OK;
        const std::string error = ok ? std::string() : trimmed(PQresultErrorMessage(res));
        PQclear(res);
        if (!ok) {
          fail("subscribing", error);
          return;
        }
      }
      return;
    }
    case Phase::listening:
      // Reads what arrived: notifications for collect(), or the end of the connection.
      if (PQconsumeInput(conn_) == 0 || PQstatus(conn_) == CONNECTION_BAD) {
        fail("listening", trimmed(PQerrorMessage(conn_)));
      }
      return;
  }
}

void Listener::collect(std::vector<Notification>& out) {
  if (phase_ != Phase::listening) return;
  while (PGnotify* n = PQnotifies(conn_)) {
    out.push_back({n->relname, n->extra != nullptr ? n->extra : ""});
    PQfreemem(n);
  }
}

void Listener::fail(std::string_view what, std::string_view reason) {
  // Notifications read before the connection ended were collected by the last wait(); any
  // libpq still holds are dropped with it, and the reconnection is announced instead.
  if (conn_ != nullptr) PQfinish(conn_);
  conn_ = nullptr;
  phase_ = Phase::disconnected;
  retry_at_ = Clock::now() + options_.retry_delay;
  if (!outage_) {
    spdlog::warn("{}: LISTEN connection to {} failed while {} ({}); retrying every {} ms, polling meanwhile",
                 options_.name, description_, what, reason.empty() ? "no reason given" : reason,
                 options_.retry_delay.count());
    outage_ = true;
  } else {
    spdlog::debug("{}: LISTEN connection to {} failed again while {} ({})", options_.name, description_, what, reason);
  }
}

}  // namespace frontdesk::storage
