// SPDX-License-Identifier: Apache-2.0
#include "web/catalogues.hpp"

#include <boost/locale/conversion.hpp>
#include <boost/locale/format.hpp>
#include <boost/locale/formatting.hpp>
#include <boost/locale/generator.hpp>
#include <boost/locale/message.hpp>

#include <iomanip>
#include <sstream>
#include <stdexcept>

namespace frontdesk::web {

namespace {

constexpr std::string_view kDomain = "frontdesk";

// "pt-BR" → "pt_BR.UTF-8", the name Boost.Locale (and the .mo folder) use.
std::string posix_name(std::string_view tag) {
  std::string out(tag);
  for (auto& c : out) {
    if (c == '-') c = '_';
  }
  return out + ".UTF-8";
}

}  // namespace

Catalogues::Catalogues(const std::filesystem::path& dir, const std::vector<std::string>& locales) {
  boost::locale::generator generator;
  generator.add_messages_path(dir.string());
  generator.add_messages_domain(std::string(kDomain));
  for (const auto& tag : locales) {
    auto folder = posix_name(tag);
    folder.resize(folder.size() - std::string_view(".UTF-8").size());
    const auto file = dir / folder / "LC_MESSAGES" / (std::string(kDomain) + ".mo");
    if (!std::filesystem::is_regular_file(file)) {
      throw std::runtime_error(file.string() + ": no message catalogue for the offered locale '" +
                               tag + "' (web/i18n/" + tag + ".po, compiled by the build)");
    }
    locales_.emplace(tag, generator.generate(posix_name(tag)));
  }
}

const std::locale& Catalogues::of(std::string_view locale) const {
  const auto it = locales_.find(locale);
  if (it == locales_.end()) throw std::out_of_range("no catalogue for locale " + std::string(locale));
  return it->second;
}

std::string Catalogues::text(std::string_view locale, std::string_view key) const {
  return boost::locale::translate(std::string(key)).str(of(locale));
}

bool Catalogues::has(std::string_view locale, std::string_view key) const {
  return text(locale, key) != key;
}

std::string Catalogues::plural(std::string_view locale, std::string_view key,
                               std::string_view key_plural, std::int64_t n) const {
  const auto& loc = of(locale);
  const auto pattern = boost::locale::translate(std::string(key), std::string(key_plural), n).str(loc);
  return (boost::locale::format(pattern) % n).str(loc);
}

std::string Catalogues::format(std::string_view locale, std::string_view key,
                               const std::vector<std::string>& args) const {
  const auto& loc = of(locale);
  boost::locale::format f(boost::locale::translate(std::string(key)).str(loc));
  for (const auto& arg : args) f % arg;
  return f.str(loc);
}

std::string Catalogues::date(std::string_view locale, std::time_t t) const {
  std::ostringstream out;
  out.imbue(of(locale));
  out << boost::locale::as::gmt << boost::locale::as::date << boost::locale::as::date_medium << t;
  return out.str();
}

std::string Catalogues::date_time(std::string_view locale, std::time_t t) const {
  std::ostringstream out;
  out.imbue(of(locale));
  out << boost::locale::as::gmt << boost::locale::as::datetime << boost::locale::as::date_medium
      << boost::locale::as::time_short << t;
  return out.str();
}

std::string Catalogues::percent(std::string_view locale, double ratio, int decimals) const {
  std::ostringstream out;
  out.imbue(of(locale));
  out << boost::locale::as::percent << std::fixed << std::setprecision(decimals) << ratio;
  return out.str();
}

std::string Catalogues::upper(std::string_view locale, std::string_view text) const {
  return boost::locale::to_upper(std::string(text), of(locale));
}

std::string Catalogues::lower(std::string_view locale, std::string_view text) const {
  return boost::locale::to_lower(std::string(text), of(locale));
}

}  // namespace frontdesk::web
