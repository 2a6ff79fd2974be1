// SPDX-License-Identifier: Apache-2.0
#include "language/message_language.hpp"

#include "core/locale.hpp"

#include <algorithm>
// compact_lang_det.h uses FILE without including its header.
#include <cstdio>

#include <cld2/public/compact_lang_det.h>
#include <cld2/public/encodings.h>

namespace frontdesk::language {

namespace {

// The longest prefix of `text` of at most `max` bytes that ends on a character boundary.
std::string_view utf8_prefix(std::string_view text, std::size_t max) {
  if (text.size() <= max) return text;
  std::size_t end = max;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  return text.substr(0, end);
}

// CLD2 names a few languages by codes ISO 639 has retired; the product's tags are current.
std::string_view current_code(std::string_view code) {
  if (code == "iw") return "he";
  if (code == "jw") return "jv";
  if (code == "in") return "id";
  return code;
}

}  // namespace

std::optional<std::string> detect_language(std::string_view text) {
  text = utf8_prefix(text, kMaxDetectedBytes);
  if (text.empty()) return std::nullopt;
  CLD2::CLDHints hints{nullptr, nullptr, CLD2::UNKNOWN_ENCODING, CLD2::UNKNOWN_LANGUAGE};
  CLD2::Language top3[3];
  int percent3[3];
  double scores3[3];
  int text_bytes = 0;
  int valid_prefix = 0;
  bool reliable = false;
  const CLD2::Language found = CLD2::ExtDetectLanguageSummaryCheckUTF8(
      text.data(), static_cast<int>(text.size()), true, &hints, 0, top3, percent3, scores3, nullptr,
      &text_bytes, &reliable, &valid_prefix);
  if (!reliable || found == CLD2::UNKNOWN_LANGUAGE || found == CLD2::TG_UNKNOWN_LANGUAGE) return std::nullopt;
  return core::normalize_locale(current_code(CLD2::LanguageCode(found)));
}

std::string message_language(std::string_view hint, std::string_view subject, std::string_view body) {
  if (auto tag = core::normalize_locale(hint)) return std::move(*tag);
  std::optional<std::string> found;
  if (subject.empty()) {
    found = detect_language(body);
  } else {
    std::string text;
    text.reserve(std::min(subject.size() + 1 + body.size(), kMaxDetectedBytes));
    text.append(utf8_prefix(subject, kMaxDetectedBytes)).append("\n");
    text.append(utf8_prefix(body, kMaxDetectedBytes - std::min(text.size(), kMaxDetectedBytes)));
    found = detect_language(text);
  }
  return found.value_or("");
}

}  // namespace frontdesk::language
