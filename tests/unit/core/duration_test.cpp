// SPDX-License-Identifier: Apache-2.0
#include "core/duration.hpp"

#include <gtest/gtest.h>

#include <limits>

namespace frontdesk::core {
namespace {

using namespace std::chrono_literals;
using std::chrono::milliseconds;

milliseconds duration_of(std::string_view text) {
  const auto parsed = parse_duration(text);
  EXPECT_TRUE(parsed) << text << ": " << (parsed ? "" : parsed.error());
  return parsed ? *parsed : milliseconds(-1);
}

std::string duration_error(std::string_view text) {
  const auto parsed = parse_duration(text);
  EXPECT_FALSE(parsed) << text << " parsed as " << (parsed ? parsed->count() : 0) << "ms";
  return parsed ? std::string() : parsed.error();
}

std::string size_error(std::string_view text) {
  const auto parsed = parse_size(text);
  EXPECT_FALSE(parsed) << text << " parsed as " << (parsed ? *parsed : 0);
  return parsed ? std::string() : parsed.error();
}

TEST(Duration, SingleUnits) {
  EXPECT_EQ(duration_of("15m"), 15min);
  EXPECT_EQ(duration_of("2h"), 2h);
  EXPECT_EQ(duration_of("72h"), 72h);
  EXPECT_EQ(duration_of("10s"), 10s);
  EXPECT_EQ(duration_of("500ms"), 500ms);
  EXPECT_EQ(duration_of("7d"), 7 * 24h);
  EXPECT_EQ(duration_of("1w"), 7 * 24h);
  EXPECT_EQ(duration_of("0s"), 0ms);
  EXPECT_EQ(duration_of("90m"), 90min);
}

TEST(Duration, CombinedUnits) {
  EXPECT_EQ(duration_of("1h30m"), 90min);
  EXPECT_EQ(duration_of("1d12h"), 36h);
  EXPECT_EQ(duration_of("1w2d3h4m5s6ms"), 7 * 24h + 2 * 24h + 3h + 4min + 5s + 6ms);
  EXPECT_EQ(duration_of("1m500ms"), 60'500ms);
}

TEST(Duration, LargestValues) {
  // 2^63-1 ms is about 292 million years; the sum must fit exactly.
  EXPECT_EQ(duration_of("9223372036854775807ms"),
            milliseconds(std::numeric_limits<std::int64_t>::max()));
  EXPECT_EQ(duration_of("15250284452w"), 15250284452LL * 7 * 24h);
}

TEST(Duration, Errors) {
  EXPECT_EQ(duration_error(""),
            "bad duration '': empty; expected a number and a unit, e.g. 15m or 1h30m");
  EXPECT_EQ(duration_error("-5m"), "bad duration '-5m': negative durations are not allowed");
  EXPECT_EQ(duration_error("15"),
            "bad duration '15': missing unit after 15 (use w, d, h, m, s, ms)");
  EXPECT_EQ(duration_error("1h30"),
            "bad duration '1h30': missing unit after 30 (use w, d, h, m, s, ms)");
  EXPECT_EQ(duration_error("ten"), "bad duration 'ten': expected a number at 'ten'");
  EXPECT_EQ(duration_error("m"), "bad duration 'm': expected a number at 'm'");
  EXPECT_EQ(duration_error("5x"), "bad duration '5x': unknown unit 'x' (use w, d, h, m, s, ms)");
  EXPECT_EQ(duration_error("5M"), "bad duration '5M': unknown unit 'M' (use w, d, h, m, s, ms)");
  EXPECT_EQ(duration_error("5min"),
            "bad duration '5min': unknown unit 'min' (use w, d, h, m, s, ms)");
  EXPECT_EQ(duration_error("1.5h"), "bad duration '1.5h': unexpected character '.'");
  EXPECT_EQ(duration_error("1msx"),
            "bad duration '1msx': unknown unit 'msx' (use w, d, h, m, s, ms)");
  EXPECT_EQ(duration_error("1h-5m"), "bad duration '1h-5m': expected a number at '-5m'");
  EXPECT_EQ(duration_error("30m1h"),
            "bad duration '30m1h': units must go from largest to smallest, each at most once");
  EXPECT_EQ(duration_error("1h1h"),
            "bad duration '1h1h': units must go from largest to smallest, each at most once");
  EXPECT_EQ(duration_error("1h 30m"), "bad duration '1h 30m': expected a number at ' 30m'");
  EXPECT_EQ(duration_error(" 1h"), "bad duration ' 1h': expected a number at ' 1h'");
  EXPECT_EQ(duration_error("+1h"), "bad duration '+1h': expected a number at '+1h'");
  EXPECT_EQ(duration_error("9223372036854775808ms"),
            "bad duration '9223372036854775808ms': too large");
  EXPECT_EQ(duration_error("15250284453w"), "bad duration '15250284453w': too large");
  EXPECT_EQ(duration_error("15250284452w4d"), "bad duration '15250284452w4d': too large");
}

TEST(Duration, FormatIsTheInverseOfParse) {
  EXPECT_EQ(format_duration(0ms), "0s");
  EXPECT_EQ(format_duration(90min), "1h30m");
  EXPECT_EQ(format_duration(500ms), "500ms");
  EXPECT_EQ(format_duration(72h), "3d");
  EXPECT_EQ(format_duration(8 * 24h), "1w1d");
  EXPECT_EQ(format_duration(-90s), "-1m30s");
  for (const milliseconds value : {1ms, 999ms, 1000ms, 61'001ms, milliseconds(123456789012),
                                   milliseconds(std::numeric_limits<std::int64_t>::max())}) {
    EXPECT_EQ(duration_of(format_duration(value)), value) << format_duration(value);
  }
  EXPECT_EQ(format_duration(milliseconds(std::numeric_limits<std::int64_t>::min())).front(), '-');
}

TEST(Size, Values) {
  EXPECT_EQ(parse_size("1048576"), 1048576U);
  EXPECT_EQ(parse_size("0"), 0U);
  EXPECT_EQ(parse_size("10MiB"), 10U * 1024 * 1024);
  EXPECT_EQ(parse_size("16MiB"), 16U * 1024 * 1024);
  EXPECT_EQ(parse_size("512KiB"), 512U * 1024);
  EXPECT_EQ(parse_size("1MB"), 1'000'000U);
  EXPECT_EQ(parse_size("1kB"), 1000U);
  EXPECT_EQ(parse_size("1KB"), 1000U);
  EXPECT_EQ(parse_size("2GB"), 2'000'000'000U);
  EXPECT_EQ(parse_size("1GiB"), 1024ULL * 1024 * 1024);
  EXPECT_EQ(parse_size("1TB"), 1'000'000'000'000ULL);
  EXPECT_EQ(parse_size("3TiB"), 3ULL * 1024 * 1024 * 1024 * 1024);
  EXPECT_EQ(parse_size("100B"), 100U);
  EXPECT_EQ(parse_size("18446744073709551615"), std::numeric_limits<std::uint64_t>::max());
}

TEST(Size, Errors) {
  EXPECT_EQ(size_error("ten"),
            "bad size 'ten': expected a byte count such as 1048576, 512KiB or 10MiB");
  EXPECT_EQ(size_error(""),
            "bad size '': empty; expected a byte count such as 1048576, 512KiB or 10MiB");
  EXPECT_EQ(size_error("-1"), "bad size '-1': negative sizes are not allowed");
  EXPECT_EQ(size_error("10mib"),
            "bad size '10mib': unknown unit 'mib' (use B, kB, MB, GB, TB, KiB, MiB, GiB, TiB)");
  EXPECT_EQ(size_error("10 MiB"),
            "bad size '10 MiB': unknown unit ' MiB' (use B, kB, MB, GB, TB, KiB, MiB, GiB, TiB)");
  EXPECT_EQ(size_error("1.5MiB"),
            "bad size '1.5MiB': unknown unit '.5MiB' (use B, kB, MB, GB, TB, KiB, MiB, GiB, TiB)");
  EXPECT_EQ(size_error("18446744073709551616"), "bad size '18446744073709551616': too large");
  EXPECT_EQ(size_error("16777216TiB"), "bad size '16777216TiB': too large");
  EXPECT_TRUE(parse_size("16777215TiB"));
}

}  // namespace
}  // namespace frontdesk::core
