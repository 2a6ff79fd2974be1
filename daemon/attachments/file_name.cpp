// SPDX-License-Identifier: Apache-2.0
#include "attachments/file_name.hpp"

#include <boost/locale/utf.hpp>


namespace frontdesk::attachments {

namespace {

namespace utf = boost::locale::utf;

// Characters that must not reach a file name: they are invisible or change how the rest of
// the name is shown.
bool hidden(utf::code_point c) {
  return c < 0x20 || (c >= 0x7F && c <= 0x9F) ||  // C0, DEL, C1
         c == 0x200B || c == 0x200C || c == 0x200D || c == 0x200E || c == 0x200F ||  // zero-width, LRM, RLM
         (c >= 0x202A && c <= 0x202E) ||  // bidi embeddings and overrides
         (c >= 0x2066 && c <= 0x2069) ||  // bidi isolates
         c == 0xFEFF;
}

}  // namespace

std::string safe_file_name(std::string_view sent) {
  if (const auto slash = sent.find_last_of("/\\"); slash != std::string_view::npos) sent.remove_prefix(slash + 1);
  std::string out;
  const char* p = sent.data();
  const char* const end = p + sent.size();
  while (p != end) {
    const char* const start = p;
    const auto c = utf::utf_traits<char>::decode(p, end);
    std::string_view piece(start, static_cast<std::size_t>(p - start));
    if (c == utf::illegal || c == utf::incomplete) {
      p = start + 1;
      piece = "_";
    } else if (hidden(c)) {
      continue;
    }
    if (out.size() + piece.size() > kMaxFileNameBytes) break;
    out += piece;
  }
  const auto first = out.find_first_not_of(' ');
  out.erase(0, first == std::string::npos ? out.size() : first);
  while (!out.empty() && out.back() == ' ') out.pop_back();
  if (out.empty() || out == "." || out == "..") return "attachment";
  return out;
}

}  // namespace frontdesk::attachments
