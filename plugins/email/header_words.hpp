// SPDX-License-Identifier: Apache-2.0
// Header text decoding: RFC 2047 encoded words and RFC 2231 parameter values.
#pragma once

#include <map>
#include <string>
#include <string_view>

namespace frontdesk::email {

// A raw (possibly folded) header value as UTF-8: `=?charset?Q|B?text?=` words are decoded
// and converted, whitespace between adjacent encoded words is dropped (RFC 2047 §6.2),
// folding is undone, and 8-bit bytes outside words are read as UTF-8 or, failing that,
// as `fallback_charset`. Malformed words stay as they are. Always valid UTF-8.
[[nodiscard]] std::string decode_header_text(std::string_view raw,
                                             std::string_view fallback_charset = "windows-1252");

// Parameters of a structured header value (`text/plain; charset="utf-8"`): the value
// before the first `;` in `value` (lower-cased), and every parameter by lower-cased name,
// with RFC 2231 continuations (`name*0*`, `name*1`) joined and `name*=charset''%xx`
// decoded to UTF-8; plain values are RFC 2047-decoded since many mailers send them so.
struct HeaderParams {
  std::string value;
  std::map<std::string, std::string> params;

  [[nodiscard]] std::string get(const std::string& name) const;
};
[[nodiscard]] HeaderParams parse_header_params(std::string_view raw);

}  // namespace frontdesk::email
