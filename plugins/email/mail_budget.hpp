// SPDX-License-Identifier: Apache-2.0
// How many bytes of mail the listener holds at once, across every SMTP/LMTP session: the
// DATA received so far and each message until its commit is answered. A session that would
// go past the budget drops what it holds and answers 452 (try again later), so hostile or
// merely busy senders cannot make the daemon's memory grow past it (issue 21).
#pragma once

#include <atomic>
#include <cstddef>
#include <memory>
#include <utility>

namespace frontdesk::email {

class MailBudget {
 public:
  explicit MailBudget(std::size_t limit) noexcept : limit_(limit) {}
  MailBudget(const MailBudget&) = delete;
  MailBudget& operator=(const MailBudget&) = delete;

  // Takes `bytes` if they fit; false (and nothing taken) when they do not.
  [[nodiscard]] bool try_take(std::size_t bytes) noexcept {
    std::size_t used = used_.load(std::memory_order_relaxed);
    do {
      if (bytes > limit_ || used > limit_ - bytes) return false;
    } while (!used_.compare_exchange_weak(used, used + bytes, std::memory_order_relaxed));
    return true;
  }
  void give_back(std::size_t bytes) noexcept { used_.fetch_sub(bytes, std::memory_order_relaxed); }

  [[nodiscard]] std::size_t limit() const noexcept { return limit_; }
  [[nodiscard]] std::size_t used() const noexcept { return used_.load(std::memory_order_relaxed); }
  [[nodiscard]] std::size_t available() const noexcept {
    const std::size_t u = used();
    return u >= limit_ ? 0 : limit_ - u;
  }

 private:
  const std::size_t limit_;
  std::atomic<std::size_t> used_{0};
};

// Bytes taken from a budget, given back when the hold is destroyed (or released early).
class BudgetHold {
 public:
  BudgetHold() = default;
  explicit BudgetHold(std::shared_ptr<MailBudget> budget) noexcept : budget_(std::move(budget)) {}
  BudgetHold(BudgetHold&& other) noexcept
      : budget_(std::move(other.budget_)), bytes_(std::exchange(other.bytes_, 0)) {}
  BudgetHold& operator=(BudgetHold&& other) noexcept {
    if (this != &other) {
      release();
      budget_ = std::move(other.budget_);
      bytes_ = std::exchange(other.bytes_, 0);
    }
    return *this;
  }
  BudgetHold(const BudgetHold&) = delete;
  BudgetHold& operator=(const BudgetHold&) = delete;
  ~BudgetHold() { release(); }

  // Grows the hold to at least `total` bytes, in steps of `step`; false when the budget is
  // spent (the hold keeps what it had). Always true without a budget.
  [[nodiscard]] bool cover(std::size_t total, std::size_t step) noexcept {
    if (!budget_ || total <= bytes_) return true;
    std::size_t want = total - bytes_;
    if (step > 0) want = (want + step - 1) / step * step;
    if (!budget_->try_take(want)) {
      if (!budget_->try_take(total - bytes_)) return false;
      want = total - bytes_;
    }
    bytes_ += want;
    return true;
  }
  void release() noexcept {
    if (budget_ && bytes_ > 0) budget_->give_back(bytes_);
    bytes_ = 0;
  }
  [[nodiscard]] std::size_t bytes() const noexcept { return bytes_; }

 private:
  std::shared_ptr<MailBudget> budget_;
  std::size_t bytes_ = 0;
};

}  // namespace frontdesk::email
