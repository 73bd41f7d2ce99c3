// Shards of a run matrix and their merge: parts split by the shard rule merge back into the
// whole document; parts that do not belong together are refused with the reason.
#include "core/results/json.hpp"
#include "core/results/matrix.hpp"
#include "core/results/merge.hpp"
#include "tests/results/sample_document.hpp"

#include <algorithm>
#include <gtest/gtest.h>

namespace memfrag::results {
namespace {

// The sample document with its runs in execution order, as one run of the matrix writes it.
Document whole_matrix() {
   Document document = testing::sample_document();
   document.complete = true;
   std::sort(document.runs.begin(), document.runs.end(), [&](const auto &a, const auto &b) {
      return *matrix_position(document, a) < *matrix_position(document, b);
   });
   return document;
}

Document part(const Document &whole, std::uint32_t index, std::uint32_t count) {
   Document shard = whole;
   shard.shard = Shard{index, count, matrix_cell_count(whole), matrix_identity(whole)};
   shard.runs.clear();
   for (const RunResult &run : whole.runs)
      if (cell_in_shard(*matrix_position(whole, run), index, count))
         shard.runs.push_back(run);
   return shard;
}

std::vector<Document> parts(const Document &whole, std::uint32_t count) {
   std::vector<Document> split;
   for (std::uint32_t index = 1; index <= count; ++index)
      split.push_back(part(whole, index, count));
   return split;
}

const std::vector<std::string> kNames{"part1.json", "part2.json", "part3.json"};

TEST(Matrix, EveryRunHasItsOwnCell) {
   const Document whole = whole_matrix();
   EXPECT_EQ(matrix_cell_count(whole), 12u);
   for (std::size_t i = 0; i < whole.runs.size(); ++i)
      EXPECT_EQ(matrix_position(whole, whole.runs[i]), i);
}

TEST(Matrix, IdentityIgnoresPathsButNotParameters) {
   const Document whole = whole_matrix();
   Document moved = whole;
   moved.plugins[0].path = "/elsewhere/libbuddy.so";
   EXPECT_EQ(matrix_identity(moved), matrix_identity(whole));
   Document changed = whole;
   changed.plugins[0].params["max_order"] = std::int64_t{11};
   EXPECT_NE(matrix_identity(changed), matrix_identity(whole));
}

TEST(Merge, PartsMergeIntoTheWholeDocument) {
   const Document whole = whole_matrix();
   const MergedDocument merged = merge_shards(parts(whole, 3), kNames);
   EXPECT_EQ(to_json(merged.document), to_json(whole));
   EXPECT_TRUE(merged.warnings.empty());
}

TEST(Merge, PartsInAnyOrder) {
   const Document whole = whole_matrix();
   std::vector<Document> split = parts(whole, 3);
   std::reverse(split.begin(), split.end());
   EXPECT_EQ(to_json(merge_shards(split, kNames).document), to_json(whole));
}

TEST(Merge, ShardRoundTripsThroughJson) {
   const Document shard = part(whole_matrix(), 2, 3);
   const Document read = from_json(to_json(shard));
   ASSERT_TRUE(read.shard);
   EXPECT_EQ(read.shard->index, 2u);
   EXPECT_EQ(read.shard->matrix_sha256, shard.shard->matrix_sha256);
}

TEST(Merge, RefusesAMissingPart) {
   std::vector<Document> split = parts(whole_matrix(), 3);
   split.pop_back();
   EXPECT_THROW(merge_shards(split, kNames), MergeError);
}

TEST(Merge, RefusesTheSamePartTwice) {
   std::vector<Document> split = parts(whole_matrix(), 3);
   split[2] = split[1];
   EXPECT_THROW(merge_shards(split, kNames), MergeError);
}

TEST(Merge, RefusesPartsOfAnotherMatrix) {
   const Document whole = whole_matrix();
   Document other = whole;
   other.seeds = {7};
   for (RunResult &run : other.runs)
      run.seed = 7;
   std::vector<Document> split = parts(whole, 3);
   split[1] = part(other, 2, 3);
   EXPECT_THROW(merge_shards(split, kNames), MergeError);
}

TEST(Merge, RefusesADocumentWithoutShard) {
   std::vector<Document> split = parts(whole_matrix(), 3);
   split[0].shard.reset();
   EXPECT_THROW(merge_shards(split, kNames), MergeError);
}

TEST(Merge, RefusesARunOutsideItsShard) {
   const Document whole = whole_matrix();
   std::vector<Document> split = parts(whole, 3);
   split[0].runs.push_back(split[1].runs.front());
   EXPECT_THROW(merge_shards(split, kNames), MergeError);
}

TEST(Merge, WarnsWhenPartsRanOnDifferentEnvironments) {
   std::vector<Document> split = parts(whole_matrix(), 3);
   split[2].environment["kernel"] = "6.1.0";
   const MergedDocument merged = merge_shards(split, kNames);
   ASSERT_EQ(merged.warnings.size(), 1u);
   EXPECT_NE(merged.warnings.front().find("kernel"), std::string::npos);
}

} // namespace
} // namespace memfrag::results
