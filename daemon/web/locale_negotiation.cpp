// SPDX-License-Identifier: Apache-2.0
#include "web/locale_negotiation.hpp"

#include "core/locale.hpp"

#include <unicode/localematcher.h>
#include <unicode/locid.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <stdexcept>

namespace frontdesk::web {

namespace {

// A longer header is no person's browser: it is not parsed at all.
constexpr std::size_t kMaxAcceptLanguage = 1000;

icu::Locale icu_locale(const std::string& tag) {
  UErrorCode status = U_ZERO_ERROR;
  auto locale = icu::Locale::forLanguageTag(tag, status);
  if (U_FAILURE(status) || locale.isBogus()) {
    throw std::invalid_argument("ICU does not accept the locale '" + tag + "'");
  }
  return locale;
}

}  // namespace

struct LocaleNegotiator::Matcher {
  icu::LocaleMatcher icu;
};

LocaleNegotiator::LocaleNegotiator(std::vector<std::string> offered, std::string default_locale)
    : offered_(std::move(offered)), default_(std::move(default_locale)) {
  if (std::find(offered_.begin(), offered_.end(), default_) == offered_.end()) {
    throw std::invalid_argument("the default locale '" + default_ + "' is not offered");
  }
  icu::LocaleMatcher::Builder builder;
  for (const auto& tag : offered_) builder.addSupportedLocale(icu_locale(tag));
  const auto fallback = icu_locale(default_);
  builder.setDefaultLocale(&fallback);
  UErrorCode status = U_ZERO_ERROR;
  matcher_ = std::make_unique<Matcher>(Matcher{builder.build(status)});
  if (U_FAILURE(status)) throw std::invalid_argument("ICU could not build the locale matcher");
}

LocaleNegotiator::~LocaleNegotiator() = default;
LocaleNegotiator::LocaleNegotiator(LocaleNegotiator&&) noexcept = default;
LocaleNegotiator& LocaleNegotiator::operator=(LocaleNegotiator&&) noexcept = default;

std::string LocaleNegotiator::language_name(const std::string& tag, const std::string& in) {
  UErrorCode status = U_ZERO_ERROR;
  const auto language = icu::Locale::forLanguageTag(tag, status);
  const auto reader = icu::Locale::forLanguageTag(in, status);
  if (U_FAILURE(status)) return tag;
  icu::UnicodeString name;
  language.getDisplayName(reader, name);
  std::string out;
  name.toUTF8String(out);
  return out.empty() ? tag : out;
}

std::string LocaleNegotiator::negotiate(std::optional<std::string_view> lang,
                                        std::optional<std::string_view> accept_language) const {
  if (lang) {
    if (const auto wanted = core::normalize_locale(*lang)) {
      for (const auto& candidate : core::fallback_chain({*wanted}, default_)) {
        if (std::find(offered_.begin(), offered_.end(), candidate) != offered_.end()) return candidate;
      }
    }
  }
  if (!accept_language || accept_language->empty() || accept_language->size() > kMaxAcceptLanguage) {
    return default_;
  }
  UErrorCode status = U_ZERO_ERROR;
  const icu::Locale* best = matcher_->icu.getBestMatchForListString(
      icu::StringPiece(accept_language->data(), static_cast<int32_t>(accept_language->size())), status);
  if (U_FAILURE(status) || best == nullptr) return default_;
  // The match is one of the offered locales as ICU holds it: find which.
  const auto tag = core::normalize_locale(best->toLanguageTag<std::string>(status));
  if (U_FAILURE(status) || !tag) return default_;
  const auto it = std::find(offered_.begin(), offered_.end(), *tag);
  return it == offered_.end() ? default_ : *it;
}

}  // namespace frontdesk::web
