// SPDX-License-Identifier: Apache-2.0
#pragma once
// What an API operation needs beyond its call (the running rule set, templates): the routes
// of a feature make it current on the database thread for the duration of one call, since an
// Endpoint is a plain function. Used the same way by the CLI, which runs the same operations.
#include <stdexcept>
#include <string>

namespace frontdesk::api {

template <class Context>
class CallContext {
 public:
  explicit CallContext(const Context& context) : previous_(current_) { current_ = &context; }
  ~CallContext() { current_ = previous_; }
  CallContext(const CallContext&) = delete;
  CallContext& operator=(const CallContext&) = delete;

  // The context of the call running on this thread; throws std::logic_error outside one.
  static const Context& current() {
    if (current_ == nullptr) throw std::logic_error("no API call with its context in progress on this thread");
    return *current_;
  }

 private:
  static inline thread_local const Context* current_ = nullptr;
  const Context* previous_;
};

}  // namespace frontdesk::api
