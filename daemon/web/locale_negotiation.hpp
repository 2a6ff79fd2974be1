// SPDX-License-Identifier: Apache-2.0
#pragma once
// Which of the offered locales a page is served in: `?lang=` along the fallback chain
// (pt-BR → pt → the default), else the best offered match for Accept-Language by ICU's
// LocaleMatcher (which knows es-MX is served by es and pt is not), else the default.
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace frontdesk::web {

class LocaleNegotiator {
 public:
  // `offered`: normalised tags (core::normalize_locale); `default_locale` is one of them.
  // Throws std::invalid_argument when it is not, or ICU refuses a tag.
  LocaleNegotiator(std::vector<std::string> offered, std::string default_locale);
  ~LocaleNegotiator();
  LocaleNegotiator(LocaleNegotiator&&) noexcept;
  LocaleNegotiator& operator=(LocaleNegotiator&&) noexcept;

  // Never fails: a malformed `lang` or header is ignored. Thread-safe.
  [[nodiscard]] std::string negotiate(std::optional<std::string_view> lang,
                                      std::optional<std::string_view> accept_language) const;

  // The name of language `tag` as a sentence in `in` writes it (ICU's display names:
  // "inglés" in es, "İngilizce" in tr); the tag itself when ICU has none.
  [[nodiscard]] static std::string language_name(const std::string& tag, const std::string& in);

  [[nodiscard]] const std::vector<std::string>& offered() const { return offered_; }
  [[nodiscard]] const std::string& default_locale() const { return default_; }

 private:
  std::vector<std::string> offered_;
  std::string default_;
  struct Matcher;                    // ICU's LocaleMatcher: immutable and thread-safe
  std::unique_ptr<Matcher> matcher_;
};

}  // namespace frontdesk::web
