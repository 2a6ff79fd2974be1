// SPDX-License-Identifier: Apache-2.0
#pragma once
// What makes a request's framing or its Host untrustworthy (RFC 9112), checked before any
// handler sees it: a request two parsers could read two ways (request smuggling) is
// answered 400 and the connection closed, never guessed at. Beast's parser already refuses
// bad chunk sizes, conflicting Content-Length values and Content-Length after a chunked
// Transfer-Encoding; these checks cover what it lets through.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace frontdesk::http {

struct FramingError {
  unsigned status;      // 400, or 501 for a transfer coding we do not implement
  std::string message;  // for the client: which rule the request broke
};

// The length of the header block at the start of `bytes` (through its empty line), or
// nullopt when it is not complete yet. Empty lines before the request line are skipped
// (RFC 9112 §2.2) and counted in the length.
[[nodiscard]] std::optional<std::size_t> header_block_length(std::string_view bytes) noexcept;

// Checks the raw header block: a field line folded onto the next (obs-fold, RFC 9112 §5.2)
// or whitespace before the first field (§2.2).
[[nodiscard]] std::optional<FramingError> check_header_block(std::string_view block);

// Checks the parsed fields (name, value in arrival order) of an HTTP/1.x request:
// Transfer-Encoding must be exactly "chunked", never with Content-Length and never in
// HTTP/1.0 (§6.1, §6.3); one Content-Length of digits only (§6.3); exactly one valid Host
// in HTTP/1.1, at most one in HTTP/1.0 (§3.2). `version` is 10 or 11.
[[nodiscard]] std::optional<FramingError> check_framing(
    const std::vector<std::pair<std::string_view, std::string_view>>& fields, unsigned version);

}  // namespace frontdesk::http
