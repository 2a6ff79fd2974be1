// SPDX-License-Identifier: Apache-2.0
// Addresses and message ids as they appear in mail headers (RFC 5322 §3.4, §3.6.4).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace frontdesk::email {

struct Mailbox {
  std::string display_name;  // unquoted, not yet RFC 2047-decoded
  std::string address;       // lower-cased addr-spec, e.g. ann@example.com
};

[[nodiscard]] std::string to_lower_ascii(std::string_view text);

// The first mailbox of an address header value: `Ann <ann@example.com>`,
// `"Doe, Ann" <ann@example.com>`, `ann@example.com (Ann)`, or a bare address. Group
// syntax and comments are tolerated; nullopt when no address can be found.
[[nodiscard]] std::optional<Mailbox> parse_mailbox(std::string_view header_value);

// The message ids of a Message-ID, In-Reply-To or References value, without their angle
// brackets, in order and without repeats. Text outside `<…>` (phrases, comments) is
// skipped; a value with no brackets at all counts as one id when it contains `@`.
[[nodiscard]] std::vector<std::string> parse_message_ids(std::string_view header_value);

// An SMTP envelope path (`<ann@example.com>` with optional source route), lower-cased;
// "" for the null path `<>`; nullopt when malformed.
[[nodiscard]] std::optional<std::string> parse_envelope_path(std::string_view path);

}  // namespace frontdesk::email
