// SPDX-License-Identifier: Apache-2.0
#pragma once
// Text made safe for XML 1.0 character data and attribute values: & < > " ' escaped, and
// the characters XML 1.0 cannot carry (C0 controls but tab, LF and CR) dropped. Pure.
#include <string>
#include <string_view>

namespace frontdesk::status {

std::string xml_text(std::string_view text);

}  // namespace frontdesk::status
