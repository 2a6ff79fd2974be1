// SPDX-License-Identifier: Apache-2.0
#include "canned/due_format.hpp"

#include <unicode/datefmt.h>
#include <unicode/locid.h>
#include <unicode/timezone.h>
#include <unicode/unistr.h>

#include <memory>

namespace frontdesk::canned {

std::string format_due(std::int64_t ms, std::string_view locale, std::string_view time_zone) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Locale where = icu::Locale::forLanguageTag(std::string(locale), status);
  status = U_ZERO_ERROR;
  // Year, abbreviated month, day, hour and minute in the locale's order and clock, with the
  // zone's short name.
  std::unique_ptr<icu::DateFormat> format(
      icu::DateFormat::createInstanceForSkeleton(icu::UnicodeString::fromUTF8("yMMMdjmz"), where, status));
  if (U_FAILURE(status) || !format) return {};
  // createTimeZone answers GMT for an unknown name, never null.
  format->adoptTimeZone(
      icu::TimeZone::createTimeZone(icu::UnicodeString::fromUTF8(time_zone.empty() ? "UTC" : time_zone)));
  icu::UnicodeString text;
  format->format(static_cast<UDate>(ms), text);
  std::string out;
  text.toUTF8String(out);
  return out;
}

}  // namespace frontdesk::canned
