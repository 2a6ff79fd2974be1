// SPDX-License-Identifier: Apache-2.0
#include "http/framing.hpp"

#include <boost/url/parse.hpp>

#include <algorithm>

#include "http/request.hpp"

namespace frontdesk::http {

namespace {

std::string_view trim_ows(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

FramingError bad(std::string message) { return FramingError{400, std::move(message)}; }

// The transfer codings of every Transfer-Encoding line, in order, lower-cased, without
// parameters; an empty element for an empty list item.
std::vector<std::string> codings(const std::vector<std::string_view>& values) {
  std::vector<std::string> out;
  for (std::string_view value : values) {
    while (true) {
      const auto comma = value.find(',');
      std::string_view item = trim_ows(value.substr(0, comma));
      item = trim_ows(item.substr(0, item.find(';')));
      std::string lower(item);
      std::transform(lower.begin(), lower.end(), lower.begin(),
                     [](unsigned char c) { return static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c); });
      out.push_back(std::move(lower));
      if (comma == std::string_view::npos) break;
      value.remove_prefix(comma + 1);
    }
  }
  return out;
}

bool valid_host(std::string_view host) {
  if (host.empty()) return true;  // allowed when the target has no authority (§3.2)
  for (const char c : host) {
    if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f) return false;
  }
  auto authority = boost::urls::parse_authority(host);
  return authority && !authority->has_userinfo();
}

}  // namespace

std::optional<std::size_t> header_block_length(std::string_view bytes) noexcept {
  std::size_t start = 0;
  while (start < bytes.size() && (bytes[start] == '\r' || bytes[start] == '\n')) ++start;
  std::size_t pos = start;
  while (true) {
    const auto eol = bytes.find('\n', pos);
    if (eol == std::string_view::npos) return std::nullopt;
    const std::size_t next = eol + 1;
    if (next < bytes.size() && bytes[next] == '\n') return next + 1;
    if (next + 1 < bytes.size() && bytes[next] == '\r' && bytes[next + 1] == '\n') return next + 2;
    if (next >= bytes.size() || (bytes[next] == '\r' && next + 1 >= bytes.size())) {
      return std::nullopt;
    }
    pos = next;
  }
}

std::optional<FramingError> check_header_block(std::string_view block) {
  std::size_t start = 0;
  while (start < block.size() && (block[start] == '\r' || block[start] == '\n')) ++start;
  const auto first_eol = block.find('\n', start);
  if (first_eol == std::string_view::npos) return std::nullopt;
  bool first_field = true;
  for (std::size_t pos = first_eol + 1; pos < block.size();) {
    const char c = block[pos];
    if (c == ' ' || c == '\t') {
      return bad(first_field ? "Whitespace before the first header field."
                             : "A header field is folded onto the next line (obs-fold).");
    }
    first_field = false;
    const auto eol = block.find('\n', pos);
    if (eol == std::string_view::npos) break;
    pos = eol + 1;
  }
  return std::nullopt;
}

std::optional<FramingError> check_framing(
    const std::vector<std::pair<std::string_view, std::string_view>>& fields, unsigned version) {
  std::vector<std::string_view> transfer_encoding;
  std::vector<std::string_view> content_length;
  std::vector<std::string_view> host;
  for (const auto& [name, value] : fields) {
    if (iequals(name, "Transfer-Encoding")) transfer_encoding.push_back(value);
    else if (iequals(name, "Content-Length")) content_length.push_back(value);
    else if (iequals(name, "Host")) host.push_back(value);
  }

  if (!transfer_encoding.empty()) {
    if (version < 11) return bad("Transfer-Encoding is not allowed in an HTTP/1.0 request.");
    if (!content_length.empty()) {
      return bad("A request may not carry both Transfer-Encoding and Content-Length.");
    }
    const auto list = codings(transfer_encoding);
    if (list.empty() || list.back() != "chunked") {
      return bad("Transfer-Encoding must end with chunked.");
    }
    if (std::count(list.begin(), list.end(), "chunked") != 1 ||
        std::find(list.begin(), list.end(), std::string()) != list.end()) {
      return bad("Transfer-Encoding names chunked more than once or has an empty coding.");
    }
    if (list.size() != 1) {
      return FramingError{501, "Only the chunked transfer coding is supported."};
    }
  }

  if (content_length.size() > 1) return bad("More than one Content-Length field.");
  if (content_length.size() == 1) {
    const std::string_view value = trim_ows(content_length.front());
    if (value.empty() || value.size() > 19 ||
        !std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      return bad("Content-Length must be one decimal number.");
    }
  }

  if (host.size() > 1) return bad("More than one Host field.");
  if (host.empty() && version >= 11) return bad("An HTTP/1.1 request must carry Host.");
  if (!host.empty() && !valid_host(trim_ows(host.front()))) return bad("The Host field is not valid.");
  return std::nullopt;
}

}  // namespace frontdesk::http
