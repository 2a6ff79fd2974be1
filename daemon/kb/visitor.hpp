// SPDX-License-Identifier: Apache-2.0
#pragma once
// Who a public caller is, for one-vote-a-day and deflection: the help center's fd_visitor
// cookie when it is well formed, else the client address. Pure.
#include <string>
#include <string_view>

namespace frontdesk::http {
struct Request;
}

namespace frontdesk::kb {

// "c:<cookie>" or "a:<address>".
std::string visitor_of(const http::Request& request);

}  // namespace frontdesk::kb
