// SPDX-License-Identifier: Apache-2.0
#pragma once
// The help center's visitor named by its fd_visitor cookie, as the knowledge base records
// votes and suggestion opens ("c:<cookie>"), for the help center and for the ingest that marks
// a visitor's opens when their ticket arrives. Pure.
#include <optional>
#include <string>
#include <string_view>

namespace frontdesk::core {

// "c:<cookie>" when the cookie is well formed (8 to 64 of A-Za-z0-9_-), else nullopt.
[[nodiscard]] std::optional<std::string> help_visitor(std::string_view cookie);

}  // namespace frontdesk::core
