// The JSON form of what a run records about where it ran: placement, physical contiguity,
// first-touch cost and page faults. They round-trip, follow the schema, and documents written
// before they existed still read.
#include "core/results/json.hpp"
#include "tests/results/sample_document.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <string>
#include <unistd.h>

namespace memfrag::results {
namespace {

using nlohmann::json;

RunResult placed_run() {
   RunResult run = testing::sample_document().runs.front();
   PlacementRecord placement;
   placement.workers = {WorkerPlacement{2u, true, 2u, 1u}, WorkerPlacement{}};
   placement.cpu_node = 1u;
   placement.mem_node = 0u;
   placement.mem_bound = true;
   placement.backing_pages_by_node = {{0, 4000}, {1, 96}};
   placement.backing_pages_not_present = 12;
   placement.warnings = {"96 of 4096 backing pages of the region are not on NUMA node 0"};
   run.placement = placement;
   ContiguityRecord contiguity;
   contiguity.checked = true;
   contiguity.blocks = {900, 80, 20};
   contiguity.contiguous_blocks = {900, 41, 3};
   contiguity.frames_moved = 5;
   run.contiguity = contiguity;
   run.timing.first_touch = FirstTouchCost{1000, 2'500'000, 1003, 1};
   run.timing.faults = FaultCount{1200, 2};
   return run;
}

Document placed_document() {
   Document document = testing::sample_document();
   document.runs.front() = placed_run();
   return document;
}

// Exit status of Debian's python3-jsonschema on `document`; 0 when it validates.
int validate(const json &document) {
   const std::filesystem::path instance =
       std::filesystem::temp_directory_path() /
       ("memfrag-placement-" + std::to_string(::getpid()) + ".json");
   std::ofstream(instance) << document.dump(2);
   const std::string command = std::string(MEMFRAG_PYTHON) + " -m jsonschema -i '" +
                               instance.string() + "' '" + MEMFRAG_SCHEMA_FILE + "' 2>/dev/null";
   const int status = std::system(command.c_str());
   std::filesystem::remove(instance);
   return status;
}

bool validator_available() {
   return std::system(
              (std::string(MEMFRAG_PYTHON) + " -c 'import jsonschema' 2>/dev/null").c_str()) == 0;
}

TEST(PlacementJson, RoundTrips) {
   const json written = to_json(placed_document());
   const Document read = from_json(written);
   EXPECT_EQ(to_json(read).dump(), written.dump());
   const RunResult &run = read.runs.front();
   ASSERT_TRUE(run.placement && run.contiguity && run.timing.first_touch && run.timing.faults);
   EXPECT_EQ(run.placement->workers[0].cpu, 2u);
   EXPECT_FALSE(run.placement->workers[1].cpu.has_value());
   EXPECT_EQ(run.placement->backing_pages_by_node[1].backing_pages, 96u);
   EXPECT_EQ(run.contiguity->contiguous_blocks[1], 41u);
   EXPECT_EQ(run.timing.first_touch->minor_faults, 1003u);
   EXPECT_EQ(run.timing.faults->major, 2u);
}

TEST(PlacementJson, FieldsAreNamedAsDocumented) {
   const json run = to_json(placed_document())["runs"][0];
   EXPECT_EQ(run["placement"]["workers"][0],
             json::parse(R"({"cpu":2,"node":1,"pinned":true,"running_on":2})"));
   EXPECT_EQ(run["placement"]["workers"][1],
             json::parse(R"({"cpu":null,"node":null,"pinned":false,"running_on":null})"));
   EXPECT_EQ(run["placement"]["backing_pages_by_node"][0],
             json::parse(R"({"backing_pages":4000,"node":0})"));
   EXPECT_EQ(run["contiguity"]["frames_moved"], 5);
   EXPECT_EQ(run["timing"]["first_touch"]["ns_per_frame"], 2500.0);
   EXPECT_EQ(run["timing"]["faults"], json::parse(R"({"major":2,"minor":1200})"));
}

TEST(PlacementJson, NoFirstTouchesHaveNoCostPerFrame) {
   Document document = placed_document();
   document.runs.front().timing.first_touch = FirstTouchCost{};
   EXPECT_TRUE(to_json(document)["runs"][0]["timing"]["first_touch"]["ns_per_frame"].is_null());
}

TEST(PlacementJson, DocumentsWithoutThemStillRead) {
   const json written = to_json(testing::sample_document());
   const json &run = written["runs"][0];
   EXPECT_FALSE(run.contains("placement"));
   EXPECT_FALSE(run.contains("contiguity"));
   EXPECT_FALSE(run["timing"].contains("first_touch"));
   const Document read = from_json(written);
   EXPECT_FALSE(read.runs.front().placement.has_value());
   EXPECT_FALSE(read.runs.front().timing.faults.has_value());
}

TEST(PlacementJson, AMissingFieldNamesItsPath) {
   json written = to_json(placed_document());
   written["runs"][0]["placement"]["workers"][0].erase("pinned");
   try {
      from_json(written);
      FAIL() << "accepted a worker without 'pinned'";
   } catch (const JsonFormatError &error) {
      EXPECT_STREQ(error.what(),
                   "results JSON: /runs/0/placement/workers/0: missing field 'pinned'");
   }
}

TEST(PlacementJson, FollowsTheSchemaAndTheSchemaIsNotVacuous) {
   if (!validator_available()) {
      GTEST_SKIP() << MEMFRAG_PYTHON << " with jsonschema is not installed";
   }
   json written = to_json(placed_document());
   EXPECT_EQ(validate(written), 0);
   json broken = written;
   broken["runs"][0]["contiguity"].erase("blocks");
   EXPECT_NE(validate(broken), 0);
   broken = written;
   broken["runs"][0]["placement"]["workers"][0]["cpu"] = -1;
   EXPECT_NE(validate(broken), 0);
   broken = written;
   broken["runs"][0]["timing"]["first_touch"]["colour"] = "blue";
   EXPECT_NE(validate(broken), 0);
}

} // namespace
} // namespace memfrag::results
