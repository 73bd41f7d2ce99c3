// The history store: documents go in and come back equal, metrics are indexed for trends.
#include "core/results/json.hpp"
#include "history/store.hpp"
#include "tests/results/sample_document.hpp"

#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <unistd.h>

namespace memfrag::history {
namespace {

class StoreTest : public ::testing::Test {
 protected:
   void SetUp() override {
      path_ = std::filesystem::path(::testing::TempDir()) /
              ("memfrag-history-" + std::to_string(getpid()) + ".db");
      std::filesystem::remove(path_);
   }
   void TearDown() override { std::filesystem::remove(path_); }
   std::filesystem::path path_;
};

TEST_F(StoreTest, DocumentsRoundTrip) {
   const results::Document document = testing::sample_document();
   std::int64_t id = 0;
   {
      Store store(path_);
      id = store.add(document, "results.json", "v1");
   }
   Store reopened(path_);
   const std::optional<results::Document> loaded = reopened.load(id);
   ASSERT_TRUE(loaded);
   EXPECT_EQ(results::to_json(*loaded), results::to_json(document));
   EXPECT_FALSE(reopened.load(id + 1));
}

TEST_F(StoreTest, ListsDocumentsInTheOrderAdded) {
   Store store(path_);
   store.add(testing::sample_document(), "a.json", "first");
   store.add(testing::sample_document(), "b.json", "second");
   const std::vector<StoredDocument> documents = store.list();
   ASSERT_EQ(documents.size(), 2u);
   EXPECT_EQ(documents[0].source, "a.json");
   EXPECT_EQ(documents[1].label, "second");
   EXPECT_EQ(documents[1].runs, testing::sample_document().runs.size());
}

TEST_F(StoreTest, TrendHasOnePointPerDocument) {
   Store store(path_);
   results::Document document = testing::sample_document();
   store.add(document, "a.json", "");
   document.runs[0].counts.by_order[3][0].fragmentation_failures += 100;
   document.runs[1].counts.by_order[3][0].fragmentation_failures += 100;
   store.add(document, "b.json", "");
   const std::vector<TrendSeries> series =
       store.trend("buddy", "mixed-70", "fragmentation_failures");
   ASSERT_EQ(series.size(), 1u);
   ASSERT_EQ(series[0].points.size(), 2u);
   EXPECT_EQ(series[0].better, "lower");
   EXPECT_DOUBLE_EQ(series[0].points[1].value - series[0].points[0].value, 100.0);
   EXPECT_EQ(store.trend("buddy", "", "fragmentation_failures").size(), 2u); // both workloads
   EXPECT_TRUE(store.trend("buddy", "", "no_such_metric").empty());
}

TEST_F(StoreTest, PerOrderMetricsHaveTheirOrderInTheName) {
   Store store(path_);
   store.add(testing::sample_document(), "a.json", "");
   EXPECT_EQ(store.trend("buddy", "mixed-70", "unusable_index_order_3").size(), 1u);
}

TEST_F(StoreTest, AFileThatIsNotADatabaseIsAnError) {
   std::ofstream(path_) << "not a database, but long enough to be read as a header......";
   EXPECT_THROW(Store{path_}, StoreError);
}

} // namespace
} // namespace memfrag::history
