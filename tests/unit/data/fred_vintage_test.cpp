// Point in time: an as-of query never returns a value published after its
// date. The fake's vintage dates are derived (see fake_fred_server.h); the
// values are the bundled real ones.
#include <gtest/gtest.h>

#include <cmath>

#include "data/fred.h"
#include "data/fred_vintages.h"
#include "fakes/fake_fred_server.h"
#include "source_test_env.h"

namespace mlt {
namespace {

class FredVintageTest : public ::testing::Test {
 protected:
  FredSource fred() { return FredSource(client_, SourceEndpoint{server_.base_url(), test::kFakeFredKey}); }
  std::vector<FredObservation> vintages(const std::string& id, const std::string& start, const std::string& end) {
    FredQuery q;
    q.series_id = id;
    q.realtime_start = start;
    q.realtime_end = end;
    return FredSource::parse_observations(fred().fetch_observations(q).content());
  }
  test::FakeFredServer server_;
  test::FakeTime time_;
  test::TestChannel channel_;
  HttpClient client_{channel_.channel, default_transport(), test::fast_options(), time_.hooks()};
};

TEST_F(FredVintageTest, AsOfNeverReturnsAValuePublishedAfterItsDate) {
  const auto all = vintages("CPIAUCSL", std::string(kAllVintagesStart), std::string(kAllVintagesEnd));
  ASSERT_GT(all.size(), 800u);
  for (const std::string d : {"1990-01-10", "1990-01-13", "2008-09-15", "2009-06-30", "2020-04-12", "2020-04-13"}) {
    SCOPED_TRACE(d);
    const TimestampMs at = *parse_timestamp(d);
    const auto known = value_known_at(all, at);
    ASSERT_TRUE(known);
    EXPECT_LE(known->published, at);
    // Independently: the newest period whose derived publication is on or before d.
    std::string expected_period;
    for (const auto& o : server_.observations("CPIAUCSL"))
      if (test::FakeFredServer::derived_publication(o.date, 'M') <= d) expected_period = o.date;
    EXPECT_EQ(format_date(known->period), expected_period);
    // A snapshot request (realtime_start = realtime_end = d) agrees.
    const auto snapshot = vintages("CPIAUCSL", d, d);
    const auto from_snapshot = value_known_at(snapshot, at);
    ASSERT_TRUE(from_snapshot);
    EXPECT_EQ(from_snapshot->period, known->period);
    EXPECT_EQ(from_snapshot->value, known->value);
    for (const auto& row : snapshot) EXPECT_LE(row.realtime_start, at);
  }
  // 2020-04-12: March CPI is not out yet (derived 13 April), so February's value is what was known.
  EXPECT_EQ(format_date(value_known_at(all, *parse_timestamp("2020-04-12"))->period), "2020-02-01");
}

TEST_F(FredVintageTest, PointInTimePanelIsIndexedByPublication) {
  FredQuery q;
  q.series_id = "GDP";
  q.realtime_start = std::string(kAllVintagesStart);
  q.realtime_end = std::string(kAllVintagesEnd);
  Provenance p;
  p.source = Source::Fred;
  p.identifier = q.identifier();
  const Dataset ds = FredSource::dataset("gdp_pit", p, fred().fetch_observations(q).content(), FredSource::stored_options(q));
  EXPECT_TRUE(is_point_in_time(ds));
  const Panel& panel = ds.panel();
  // Each row's value is that of the newest quarter published by the row's date.
  const auto& obs = server_.observations("GDP");
  for (std::size_t r = 0; r < panel.ts.size(); r += 17) {
    const std::string at = format_date(panel.ts[r]);
    std::string value;
    for (const auto& o : obs)
      if (test::FakeFredServer::derived_publication(o.date, 'Q') <= at && o.value != ".") value = o.value;
    EXPECT_NEAR(panel.values[0][r], std::stod(value), 1e-6) << at;
  }
}

TEST(PublicationLagTest, RuleIsConservativeAndInfersFrequency) {
  EXPECT_EQ(format_date(publication_date(*parse_timestamp("2020-03-01"), 'M')), "2020-04-16");
  EXPECT_EQ(format_date(publication_date(*parse_timestamp("2019-10-01"), 'Q')), "2020-01-31");
  EXPECT_EQ(format_date(publication_date(*parse_timestamp("2019-12-01"), 'M')), "2020-01-16");
  std::vector<TimestampMs> monthly, quarterly;
  for (unsigned m = 1; m <= 12; ++m) monthly.push_back(days_from_civil(2020, m, 1) * kMsPerDay);
  for (unsigned m = 1; m <= 12; m += 3) quarterly.push_back(days_from_civil(2020, m, 1) * kMsPerDay);
  EXPECT_EQ(infer_frequency(monthly), 'M');
  EXPECT_EQ(infer_frequency(quarterly), 'Q');
}

}  // namespace
}  // namespace mlt
