#include "core/results/json.hpp"
#include "tests/results/sample_document.hpp"

#include <cmath>
#include <gtest/gtest.h>
#include <string>

namespace memfrag::results {
namespace {

using nlohmann::json;

std::string error_of(const json &document) {
   try {
      from_json(document);
   } catch (const JsonFormatError &error) {
      return error.what();
   }
   return "no error";
}

TEST(ResultsJson, ReadsBackWhatItWrites) {
   const json written = to_json(testing::sample_document());
   const Document read = from_json(written);
   EXPECT_EQ(to_json(read).dump(), written.dump());
   EXPECT_EQ(read.runs.size(), 12u);
   EXPECT_EQ(read.runs[3].status, RunStatus::invalid);
   ASSERT_TRUE(read.runs[3].violation.has_value());
   EXPECT_EQ(read.runs[3].violation->frame, 2048u);
   ASSERT_TRUE(read.runs[0].counts.plugin_nr_free.has_value());
   EXPECT_EQ(read.runs[0].timing.alloc_latency[3].buckets,
             testing::sample_document().runs[0].timing.alloc_latency[3].buckets);
}

TEST(ResultsJson, ReadsBackFromText) {
   const std::string text = to_json(testing::sample_document()).dump(2);
   EXPECT_EQ(to_json(document_from_text(text)).dump(2), text);
}

TEST(ResultsJson, ParameterValuesKeepTheirType) {
   Document document;
   PluginRecord plugin;
   plugin.params = {{"count", std::int64_t{10}},
                    {"ratio", 10.0},
                    {"flag", false},
                    {"name", std::string("10")},
                    {"negative", std::int64_t{-3}}};
   document.plugins.push_back(plugin);
   const json written = to_json(document);
   EXPECT_EQ(written["plugins"][0]["params"].dump(),
             R"({"count":10,"flag":false,"name":"10","negative":-3,"ratio":10.0})");
   EXPECT_EQ(from_json(written).plugins[0].params, plugin.params);
}

TEST(ResultsJson, NonFiniteFiguresBecomeNull) {
   Document document;
   RunResult run;
   run.counts.workload_figures = {{"ratio", std::nan("")}};
   document.runs.push_back(run);
   const json written = to_json(document);
   EXPECT_TRUE(written["runs"][0]["counts"]["workload_figures"][0]["value"].is_null());
   EXPECT_TRUE(std::isnan(from_json(written).runs[0].counts.workload_figures[0].second));
}

TEST(ResultsJson, MissingFieldNamesItsPath) {
   json document = to_json(testing::sample_document());
   document["runs"][2]["counts"].erase("frees");
   EXPECT_EQ(error_of(document), "results JSON: /runs/2/counts: missing field 'frees'");
}

TEST(ResultsJson, WrongTypeNamesItsPath) {
   json document = to_json(testing::sample_document());
   document["runs"][1]["counts"]["timeline"][2]["nr_free"][4] = "one";
   EXPECT_EQ(error_of(document),
             "results JSON: /runs/1/counts/timeline/2/nr_free/4: expected an unsigned integer, "
             "found string");
   document = to_json(testing::sample_document());
   document["runs"][0]["seed"] = -1;
   EXPECT_EQ(error_of(document),
             "results JSON: /runs/0/seed: expected an unsigned integer, found an integer");
}

TEST(ResultsJson, UnknownFieldIsRefused) {
   json document = to_json(testing::sample_document());
   document["plugins"][1]["colour"] = "blue";
   EXPECT_EQ(error_of(document), "results JSON: /plugins/1: unknown field 'colour'");
}

TEST(ResultsJson, UnknownStatusIsRefused) {
   json document = to_json(testing::sample_document());
   document["runs"][0]["status"] = "great";
   EXPECT_NE(error_of(document).find("/runs/0/status: unknown run status 'great'"),
             std::string::npos);
}

TEST(ResultsJson, PointerEscapesParameterNames) {
   json document = to_json(testing::sample_document());
   document["plugins"][0]["params"]["a/b"] = json::array();
   EXPECT_EQ(error_of(document),
             "results JSON: /plugins/0/params/a~1b: expected an integer, number, boolean or "
             "string, found array");
}

TEST(ResultsJson, UnknownSchemaVersionIsRefusedFirst) {
   json document = to_json(testing::sample_document());
   document["schema_version"] = 2;
   document.erase("runs");
   EXPECT_EQ(error_of(document),
             "results JSON: /schema_version: schema_version 2 is not supported: this memfrag "
             "reads version 1; use the memfrag release that wrote the file");
   EXPECT_EQ(error_of(json::object()),
             "results JSON: /: missing field 'schema_version': not a memfrag results document");
   EXPECT_EQ(error_of(json::array()), "results JSON: /: expected an object, found array");
}

TEST(ResultsJson, SyntaxErrorIsAFormatError) {
   EXPECT_THROW(document_from_text("{\"schema_version\": 1,"), JsonFormatError);
}

// Everything but the top-level environment, created and command and each run's timing must
// serialize identically for the same inputs: timing-dependent figures live only there.
TEST(ResultsJson, TimingStaysInsideTheTimingObjects) {
   Document first = testing::sample_document();
   Document second = testing::sample_document();
   second.created = "2030-01-01T00:00:00Z";
   second.command.push_back("--verbose");
   second.environment["kernel"] = "7.0.0";
   for (RunResult &run : second.runs) {
      run.timing.wall_ns += 12345;
      run.timing.alloc_latency.assign(3, LatencySummary{5, 1, 2, 3, 4, 5, 6, 3.5, {{6, 5}}});
   }
   auto deterministic_part = [](const Document &document) {
      json written = to_json(document);
      for (const char *key : {"environment", "created", "command"})
         written.erase(key);
      for (json &run : written["runs"])
         run.erase("timing");
      return written.dump();
   };
   EXPECT_EQ(deterministic_part(first), deterministic_part(second));
   EXPECT_NE(to_json(first).dump(), to_json(second).dump());
}

// The workload's own latencies are written only where it timed something, and read back.
TEST(ResultsJson, WorkloadLatenciesRoundTripAndAreLeftOutWhenEmpty) {
   Document document = testing::sample_document();
   EXPECT_FALSE(to_json(document)["runs"][0]["timing"].contains("latencies"));
   document.runs[0].timing.latencies["nic_refill"] =
       LatencySummary{2, 80, 80, 90, 90, 90, 90, 85.0, {{80, 1}, {90, 1}}};
   const json written = to_json(document);
   ASSERT_TRUE(written["runs"][0]["timing"].contains("latencies"));
   EXPECT_EQ(written["runs"][0]["timing"]["latencies"]["nic_refill"]["p50_ns"], 80);
   const Document read = from_json(written);
   ASSERT_TRUE(read.runs[0].timing.latencies.contains("nic_refill"));
   EXPECT_EQ(read.runs[0].timing.latencies.at("nic_refill").buckets,
             document.runs[0].timing.latencies.at("nic_refill").buckets);
   EXPECT_EQ(to_json(read).dump(), written.dump());
   json broken = written;
   broken["runs"][0]["timing"]["latencies"]["nic_refill"].erase("count");
   EXPECT_EQ(error_of(broken),
             "results JSON: /runs/0/timing/latencies/nic_refill: missing field 'count'");
   broken["runs"][0]["timing"]["latencies"] = json::array();
   EXPECT_EQ(error_of(broken),
             "results JSON: /runs/0/timing/latencies: expected an object, found array");
}

// The sizing counts are written only for runs with sized requests, with the waste derived from
// them; a document whose waste disagrees with its counters is refused.
TEST(ResultsJson, SizingRoundTripsWithItsWasteAndIsLeftOutWithoutSizedRequests) {
   Document document = testing::sample_document();
   EXPECT_FALSE(to_json(document)["runs"][0]["counts"].contains("sizing"));
   document.runs[0].counts.sizing = SizingCounts{10, 10, 9, 81000, 27, 27};
   document.runs[1].counts.sizing = SizingCounts{10, 0, 9, 81000, 27, 36};
   const json written = to_json(document);
   EXPECT_EQ(written["runs"][0]["counts"]["sizing"]["waste_frames"], 0);
   EXPECT_EQ(written["runs"][1]["counts"]["sizing"]["waste_frames"], 9);
   EXPECT_EQ(written["runs"][1]["counts"]["sizing"]["waste_bytes"], 36 * 4096 - 81000);
   const Document read = from_json(written);
   ASSERT_TRUE(read.runs[1].counts.sizing.has_value());
   EXPECT_EQ(read.runs[1].counts.sizing->frames_handed_out, 36u);
   EXPECT_EQ(to_json(read).dump(), written.dump());
   json broken = written;
   broken["runs"][1]["counts"]["sizing"]["waste_frames"] = 8;
   EXPECT_EQ(error_of(broken), "results JSON: /runs/1/counts/sizing: expected waste_frames and "
                               "waste_bytes to follow from the counters");
}

TEST(ResultsModel, StatusNamesRoundTrip) {
   for (RunStatus status : {RunStatus::ok, RunStatus::invalid, RunStatus::crashed,
                            RunStatus::timeout, RunStatus::error, RunStatus::skipped})
      EXPECT_EQ(run_status_from_name(run_status_name(status)), status);
   EXPECT_FALSE(run_status_from_name("OK").has_value());
   EXPECT_STREQ(request_class_name(RequestClass::atomic), "atomic");
   EXPECT_STREQ(request_class_name(RequestClass::normal), "normal");
}

} // namespace
} // namespace memfrag::results
