// SPDX-License-Identifier: Apache-2.0
#pragma once
// The status page's Atom 1.0 feed (RFC 4287): one entry per published incident (the 50
// changed last), its updates in the content, newest first.
#include "status/notifier.hpp"

#include <string>
#include <string_view>

namespace frontdesk::status {

std::string atom_feed(storage::Connection& db, const PageSettings& page);

}  // namespace frontdesk::status
