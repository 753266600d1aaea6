#include "core/time.h"

#include <gtest/gtest.h>

namespace mlt {

TEST(Time, ParsesDatesAsMidnightUtc) {
  EXPECT_EQ(parse_timestamp("1970-01-01"), 0);
  EXPECT_EQ(parse_timestamp("1970-01-02"), kMsPerDay);
  // 2008-10-15 is 14167 days after the epoch (checked with `date -d 2008-10-15 +%s` / 86400).
  EXPECT_EQ(parse_timestamp("2008-10-15"), 14167LL * kMsPerDay);
  EXPECT_EQ(parse_timestamp("2008/10/15"), 14167LL * kMsPerDay);
}

TEST(Time, ParsesTimesOfDay) {
  EXPECT_EQ(parse_timestamp("1996-04-01 00:30:00").value() - parse_timestamp("1996-04-01").value(), 30 * 60 * 1000);
  EXPECT_EQ(parse_timestamp("1996-04-01T13:05").value() - parse_timestamp("1996-04-01").value(),
            (13 * 3600 + 5 * 60) * 1000LL);
  EXPECT_TRUE(parse_timestamp("2020-01-01T00:00:00Z").has_value());
}

TEST(Time, RejectsImpossibleOrMalformedDates) {
  EXPECT_FALSE(parse_timestamp("2021-02-29"));
  EXPECT_TRUE(parse_timestamp("2020-02-29"));
  EXPECT_FALSE(parse_timestamp("2021-13-01"));
  EXPECT_FALSE(parse_timestamp("15/10/2008"));
  EXPECT_FALSE(parse_timestamp("2008-10-15x"));
  EXPECT_FALSE(parse_timestamp(""));
  EXPECT_FALSE(parse_timestamp("2008-10-15 25:00"));
}

TEST(Time, FormatsRoundTrip) {
  for (const char* text : {"1948-01-01", "2000-02-29", "2020-04-17", "1959-07-01"})
    EXPECT_EQ(format_timestamp(parse_timestamp(text).value()), text);
  EXPECT_EQ(format_timestamp(parse_timestamp("1996-04-01 00:30:00").value()), "1996-04-01 00:30:00");
  EXPECT_EQ(format_iso8601(1500), "1970-01-01T00:00:01.500Z");
}

}  // namespace mlt
