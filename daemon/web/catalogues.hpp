// SPDX-License-Identifier: Apache-2.0
#pragma once
// The message catalogues of web/i18n/<locale>.po, compiled by msgfmt at build time into
// <dir>/<locale>/LC_MESSAGES/frontdesk.mo and read by Boost.Locale (ICU back end): the
// plural rule each catalogue's header states, numbers formatted for the locale, and case
// mapping that knows Turkish (i → İ, I → ı).
#include <cstdint>
#include <ctime>
#include <filesystem>
#include <locale>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace frontdesk::web {

class Catalogues {
 public:
  // One catalogue per locale; throws std::runtime_error naming the file that is missing.
  Catalogues(const std::filesystem::path& dir, const std::vector<std::string>& locales);

  // The translation of `key` (its msgid); the key itself when the catalogue lacks it.
  [[nodiscard]] std::string text(std::string_view locale, std::string_view key) const;
  [[nodiscard]] bool has(std::string_view locale, std::string_view key) const;

  // The plural form for `n` (msgid `key`, msgid_plural `key_plural`) with `n` in place of
  // "{1,num}", written as the locale writes numbers (1,234 / 1234 / 1.234).
  [[nodiscard]] std::string plural(std::string_view locale, std::string_view key,
                                   std::string_view key_plural, std::int64_t n) const;

  // The translation of `key` with "{1}", "{2}", … replaced by `args`.
  [[nodiscard]] std::string format(std::string_view locale, std::string_view key,
                                   const std::vector<std::string>& args) const;

  // `t` as the locale writes a day ("12 may 2026") or a day and time in UTC
  // ("12 may 2026 14:03"), and `ratio` (0..1) as a percentage with `decimals` fraction
  // digits ("99.95%", "99,95 %", "%99,95").
  [[nodiscard]] std::string date(std::string_view locale, std::time_t t) const;
  [[nodiscard]] std::string date_time(std::string_view locale, std::time_t t) const;
  [[nodiscard]] std::string percent(std::string_view locale, double ratio, int decimals) const;

  [[nodiscard]] std::string upper(std::string_view locale, std::string_view text) const;
  [[nodiscard]] std::string lower(std::string_view locale, std::string_view text) const;

 private:
  [[nodiscard]] const std::locale& of(std::string_view locale) const;
  std::map<std::string, std::locale, std::less<>> locales_;
};

}  // namespace frontdesk::web
