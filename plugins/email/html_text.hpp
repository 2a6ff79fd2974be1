// SPDX-License-Identifier: Apache-2.0
// HTML-only mail turned into readable plain text.
#pragma once

#include <string>
#include <string_view>

namespace frontdesk::email {

// The text a reader sees in `html` (UTF-8): tags dropped, <script>/<style>/<head> content
// dropped, block elements and <br> as line breaks, list items as "- ", links as
// "text (url)" when they differ, entities decoded, runs of blank lines collapsed.
[[nodiscard]] std::string html_to_text(std::string_view html);

}  // namespace frontdesk::email
