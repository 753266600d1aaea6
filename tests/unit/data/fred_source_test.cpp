// FredSource against the fake FRED server (bundled real series): metadata,
// search, observations with "." as missing, paging, units, errors.
#include "data/fred.h"

#include <gtest/gtest.h>

#include <cmath>

#include "core/error.h"
#include "fakes/fake_fred_server.h"
#include "source_test_env.h"

namespace mlt {
namespace {

Provenance fred_provenance() {
  Provenance p;
  p.source = Source::Fred;
  return p;
}

class FredSourceTest : public ::testing::Test {
 protected:
  FredSource source(const std::string& key = test::kFakeFredKey) {
    return FredSource(client_, SourceEndpoint{server_.base_url(), key});
  }
  static double value_on(const std::vector<FredObservation>& rows, const std::string& date) {
    const TimestampMs t = *parse_timestamp(date);
    for (const auto& r : rows)
      if (r.date == t) return r.value;
    return -1;
  }
  test::FakeFredServer server_;
  test::FakeTime time_;
  test::TestChannel channel_;
  HttpClient client_{channel_.channel, default_transport(), test::fast_options(), time_.hooks()};
};

TEST_F(FredSourceTest, ObservationsMatchTheBundledValuesAcrossPages) {
  FredQuery q;
  q.series_id = "UNRATE";
  q.page_limit = 200;
  const PagedFetch fetched = source().fetch_observations(q);
  EXPECT_GE(fetched.bodies.size(), 5u);
  EXPECT_NE(fetched.origin.find("api_key=***"), std::string::npos);
  EXPECT_EQ(fetched.content().find(test::kFakeFredKey), std::string::npos);
  const auto rows = FredSource::parse_observations(fetched.content());
  EXPECT_EQ(rows.size(), 897u);
  EXPECT_NEAR(value_on(rows, "1948-01-01"), 3.4, 1e-4);  // data/README.md spot values
  EXPECT_NEAR(value_on(rows, "2020-04-01"), 14.7, 1e-4);
  const Dataset ds = FredSource::dataset("unrate", fred_provenance(), fetched.content(), FredSource::stored_options(q));
  EXPECT_EQ(ds.panel().columns, std::vector<std::string>{"UNRATE"});
  EXPECT_EQ(ds.rows(), 897u);
}

TEST_F(FredSourceTest, DotIsMissing) {
  // FRED sends "." for a missing value; so does the fake where the bundled file has none.
  const std::string content =
      R"([{"observations":[{"realtime_start":"2022-10-01","realtime_end":"2022-10-01","date":"2020-01-01","value":"."},)"
      R"({"realtime_start":"2022-10-01","realtime_end":"2022-10-01","date":"2020-02-01","value":"3.5"}]}])";
  const auto rows = FredSource::parse_observations(content);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_TRUE(std::isnan(rows[0].value));
  EXPECT_EQ(rows[1].value, 3.5);
}

TEST_F(FredSourceTest, MetadataSearchAndUnits) {
  FredSource fred = source();
  const Json meta = fred.series("CPIAUCSL");
  EXPECT_EQ(meta["frequency_short"], "M");
  EXPECT_NE(meta["title"].get<std::string>().find("Consumer Price Index"), std::string::npos);
  const Json found = fred.search("unemployment", 10);
  ASSERT_FALSE(found.empty());
  EXPECT_EQ(found[0]["id"], "UNRATE");
  FredQuery q;
  q.series_id = "CPIAUCSL";
  q.units = "pch";
  q.observation_start = "2020-01-01";
  q.observation_end = "2020-12-01";
  const Dataset ds = FredSource::dataset("cpi_pch", fred_provenance(), fred.fetch_observations(q).content(),
                                         FredSource::stored_options(q));
  EXPECT_EQ(ds.panel().columns[0], "CPIAUCSL_pch");
  EXPECT_EQ(ds.rows(), 12u);
  EXPECT_LT(std::abs(ds.panel().values[0][3]), 2.0);  // a monthly percent change, not a level
}

TEST_F(FredSourceTest, BadKeyIsDeniedUnknownSeriesSuggestsIds) {
  FredQuery q;
  q.series_id = "UNRATE";
  try {
    source("00000000000000000000000000000000").fetch_observations(q);
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::Denied);
    EXPECT_NE(e.hint().find("FRED_API_KEY"), std::string::npos);
  }
  q.series_id = "UNRATEX";
  try {
    source().fetch_observations(q);
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::NotFound);
    EXPECT_NE(e.hint().find("UNRATE"), std::string::npos) << e.hint();
  }
  EXPECT_THROW(source("").series("UNRATE"), Error);
}

}  // namespace
}  // namespace mlt
