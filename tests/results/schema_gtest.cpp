// The schema in docs/ describes what memfrag writes: the sample document validates, and a
// broken one does not (so the schema is not vacuous). Validation runs Debian's
// python3-jsonschema, which also checks the schema itself against the draft 2020-12 metaschema.
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

namespace fs = std::filesystem;

bool validator_available() {
   const std::string probe = std::string(MEMFRAG_PYTHON) + " -c 'import jsonschema' 2>/dev/null";
   return std::system(probe.c_str()) == 0;
}

// Exit status of `python3 -m jsonschema` on `document`: 0 when it validates.
int validate(const nlohmann::json &document) {
   const fs::path instance =
       fs::temp_directory_path() / ("memfrag-schema-" + std::to_string(::getpid()) + ".json");
   std::ofstream(instance) << document.dump(2);
   const std::string command = std::string(MEMFRAG_PYTHON) + " -m jsonschema -i '" +
                               instance.string() + "' '" + MEMFRAG_SCHEMA_FILE + "'";
   const int status = std::system(command.c_str());
   fs::remove(instance);
   return status;
}

class Schema : public ::testing::Test {
 protected:
   void SetUp() override {
      if (!validator_available())
         GTEST_SKIP() << MEMFRAG_PYTHON << " with jsonschema is not installed";
   }
};

TEST_F(Schema, SampleDocumentValidates) {
   EXPECT_EQ(validate(to_json(testing::sample_document())), 0);
}

TEST_F(Schema, EmptyDocumentValidates) {
   EXPECT_EQ(validate(to_json(Document{})), 0);
}

TEST_F(Schema, WorkloadLatenciesValidate) {
   Document document = testing::sample_document();
   document.runs[0].timing.latencies["nic_dma_map"] =
       LatencySummary{1, 300, 300, 300, 300, 300, 300, 300.0, {{300, 1}}};
   nlohmann::json written = to_json(document);
   EXPECT_EQ(validate(written), 0);
   written["runs"][0]["timing"]["latencies"]["nic_dma_map"].erase("max_ns");
   EXPECT_NE(validate(written), 0);
}

TEST_F(Schema, SizingValidates) {
   Document document = testing::sample_document();
   document.runs[0].counts.sizing = SizingCounts{10, 0, 9, 81000, 27, 36};
   nlohmann::json written = to_json(document);
   EXPECT_EQ(validate(written), 0);
   written["runs"][0]["counts"]["sizing"].erase("frames_needed");
   EXPECT_NE(validate(written), 0);
}

TEST_F(Schema, UnknownStatusDoesNotValidate) {
   nlohmann::json document = to_json(testing::sample_document());
   document["runs"][0]["status"] = "great";
   EXPECT_NE(validate(document), 0);
}

TEST_F(Schema, MissingFieldDoesNotValidate) {
   nlohmann::json document = to_json(testing::sample_document());
   document["runs"][0]["timing"]["alloc_latency"][0].erase("p99_ns");
   EXPECT_NE(validate(document), 0);
}

} // namespace
} // namespace memfrag::results
