// PolygonSource against the fake Polygon server (bundled real AAPL, GOOG,
// USD/CHF data): pagination through next_url, mapping, errors, hints.
#include "data/polygon.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "core/error.h"
#include "fakes/fake_polygon_server.h"
#include "source_test_env.h"

namespace mlt {
namespace {

class PolygonSourceTest : public ::testing::Test {
 protected:
  PolygonSource source(const std::string& key = test::kFakePolygonKey) {
    return PolygonSource(client_, SourceEndpoint{server_.base_url(), key});
  }
  static AggsQuery aapl(const std::string& from, const std::string& to, int limit = 5000) {
    AggsQuery q;
    q.ticker = "AAPL";
    q.from = from;
    q.to = to;
    q.limit = limit;
    return q;
  }
  test::FakePolygonServer server_;
  test::FakeTime time_;
  test::TestChannel channel_;
  HttpClient client_{channel_.channel, default_transport(), test::fast_options(), time_.hooks()};
};

TEST_F(PolygonSourceTest, FollowsNextUrlAcrossPagesOnTheConfiguredHostWithTheKeyOnlyInAHeader) {
  PolygonSource polygon = source();
  std::vector<int> pages_seen;
  const PagedFetch fetched =
      polygon.fetch_aggs(aapl("2015-01-01", "2015-12-31", 100), [&](const PageProgress& p) { pages_seen.push_back(p.page); });
  EXPECT_EQ(fetched.bodies.size(), 3u);  // 252 trading days in pages of 100
  EXPECT_EQ(pages_seen, (std::vector<int>{1, 2, 3}));
  for (const auto& r : server_.log()) {  // next_url named api.polygon.io; every request still came here
    EXPECT_EQ(r.authorization, std::string("Bearer ") + test::kFakePolygonKey);
    EXPECT_EQ(r.path.find(test::kFakePolygonKey), std::string::npos);
  }
  EXPECT_EQ(fetched.content().find(test::kFakePolygonKey), std::string::npos);
  const Bars bars = PolygonSource::parse_aggs(fetched.content(), "day");
  EXPECT_EQ(bars.size(), 252u);
  EXPECT_TRUE(std::is_sorted(bars.ts.begin(), bars.ts.end()));
  // The bundled AAPL file on 2015-08-24: open 94.87, low 92.00, close 103.12 (data/README.md).
  const auto it = std::find(bars.ts.begin(), bars.ts.end(), *parse_timestamp("2015-08-24"));
  ASSERT_NE(it, bars.ts.end());  // midnight-Eastern t became midnight UTC of the date
  const auto i = static_cast<std::size_t>(it - bars.ts.begin());
  EXPECT_NEAR(bars.open[i], 94.87, 0.01);
  EXPECT_NEAR(bars.low[i], 92.00, 0.01);
  EXPECT_NEAR(bars.close[i], 103.12, 0.01);
}

TEST_F(PolygonSourceTest, DescendingPagesAreStoredAscending) {
  AggsQuery q = aapl("2016-01-01", "2016-03-31", 20);
  q.sort = "desc";
  const Bars bars = PolygonSource::parse_aggs(source().fetch_aggs(q).content(), "day");
  EXPECT_EQ(bars.size(), 61u);
  EXPECT_TRUE(std::is_sorted(bars.ts.begin(), bars.ts.end()));
}

TEST_F(PolygonSourceTest, MinuteBarsKeepTheirTime) {
  AggsQuery q;
  q.ticker = "C:USDCHF";
  q.multiplier = 30;
  q.timespan = "minute";
  q.from = "1996-04-01";
  q.to = "1996-04-01";
  const Bars bars = PolygonSource::parse_aggs(source().fetch_aggs(q).content(), "minute");
  ASSERT_EQ(bars.size(), 48u);
  EXPECT_EQ(bars.ts[1] - bars.ts[0], 30 * 60'000);
  EXPECT_NEAR(bars.close[0], 1.193, 1e-9);  // the bundled file's first price
}

TEST_F(PolygonSourceTest, BadKeyIsDeniedWithAHint) {
  PolygonSource polygon = source("pk-wrong-key-000");
  try {
    polygon.fetch_aggs(aapl("2015-01-01", "2015-01-31"));
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::Denied);
    EXPECT_NE(e.message().find("Unknown API Key"), std::string::npos) << e.message();
    EXPECT_NE(e.hint().find("POLYGON_API_KEY"), std::string::npos);
    EXPECT_EQ(e.message().find("pk-wrong-key-000"), std::string::npos);
  }
}

TEST_F(PolygonSourceTest, EmptyResultsParseToNoBarsAndUnknownTickersGetADidYouMean) {
  const PagedFetch weekend = source().fetch_aggs(aapl("2015-08-22", "2015-08-23"));
  EXPECT_EQ(PolygonSource::parse_aggs(weekend.content(), "day").size(), 0u);
  EXPECT_TRUE(source().check_ticker("AAPL").exists);
  const TickerCheck typo = source().check_ticker("APPL");
  EXPECT_FALSE(typo.exists);
  ASSERT_FALSE(typo.suggestions.empty());
  EXPECT_EQ(typo.suggestions.front(), "AAPL");
}

TEST_F(PolygonSourceTest, InvalidQueriesFailBeforeAnyRequest) {
  AggsQuery q = aapl("2015-12-31", "2015-01-01");
  EXPECT_THROW(source().fetch_aggs(q), Error);
  q = aapl("2015-01-01", "2015-02-30");
  EXPECT_THROW(source().fetch_aggs(q), Error);
  q = aapl("2015-01-01", "2015-02-01");
  q.timespan = "fortnight";
  EXPECT_THROW(source().fetch_aggs(q), Error);
  EXPECT_EQ(server_.requests(), 0);
}

}  // namespace
}  // namespace mlt
