// SPDX-License-Identifier: Apache-2.0
#pragma once
// A handle to one in-flight exchange: whoever holds a copy may answer it, once, from any
// thread. Copies share one state; when the last copy goes away unanswered, a 500 JSON error
// is sent so a forgotten request never hangs the connection.
#include <boost/asio/any_io_executor.hpp>

#include <functional>
#include <memory>

#include "http/response.hpp"

namespace frontdesk::http {

class Responder {
 public:
  // Called at most once with the answer, on the thread that calls send() (or that drops the
  // last copy); it must be safe to call from any thread.
  using Deliver = std::function<void(Response)>;

  // `executor` is where coroutine handlers of this exchange run (the connection's strand).
  Responder(boost::asio::any_io_executor executor, Deliver deliver);

  // Copies share the exchange. There are deliberately no move operations, so a handle is
  // never left empty: "moving" one copies it.
  Responder(const Responder&) = default;
  Responder& operator=(const Responder&) = default;
  ~Responder() = default;

  // Answers the exchange. Only the first call counts; later ones are ignored (logged at debug).
  void send(Response response) const;

  // Whether some copy has answered already.
  [[nodiscard]] bool sent() const noexcept;

  [[nodiscard]] const boost::asio::any_io_executor& executor() const noexcept;

 private:
  struct State;
  std::shared_ptr<State> state_;
};

}  // namespace frontdesk::http
