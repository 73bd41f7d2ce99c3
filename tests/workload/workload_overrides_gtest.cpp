// --set overrides: applied before validation, so their values are checked like the file's, with
// "--set" as the origin.
#include "tests/workload/workload_test_support.hpp"

#include <gtest/gtest.h>

namespace memfrag::workload::testing {
namespace {

const std::string kTwoPhases = kMinimalWorkload + R"(
[[phase]]
occupancy = [0.1, 0.2]
share = 3
)";

TEST(WorkloadOverrides, SetWorkloadKeys) {
   auto workload = load_text(
       kTwoPhases,
       {{"workload.ops", "2000000"}, {"workload.frames", "65536"}, {"workload.name", "123"}});
   EXPECT_EQ(workload.spec.ops, 2000000u);
   EXPECT_EQ(workload.spec.frames, 65536u);
   EXPECT_EQ(workload.spec.name, "123");
   EXPECT_EQ(workload.spec.resolved["phases"][0]["ops"], 500000);
   EXPECT_EQ(workload.spec.resolved["phases"][1]["ops"], 1500000);
}

TEST(WorkloadOverrides, SetPhaseKeys) {
   auto workload = load_text(kTwoPhases, {{"phase.0.lifetime", "fifo"},
                                          {"phase.1.occupancy", "[0.3, 0.4]"},
                                          {"phase.1.orders", "{ 0 = 1, 2 = 3 }"},
                                          {"phase.0.atomic", "1"},
                                          {"phase.1.name", "second"}});
   auto phases = workload.spec.resolved["phases"];
   EXPECT_EQ(phases[0]["lifetime"], "fifo");
   EXPECT_EQ(phases[0]["atomic"], 1.0);
   EXPECT_EQ(phases[1]["occupancy"], nlohmann::json::parse("[0.3, 0.4]"));
   EXPECT_EQ(phases[1]["orders"], nlohmann::json::parse(R"({"0": 1, "2": 3})"));
   EXPECT_EQ(phases[1]["name"], "second");
}

TEST(WorkloadOverrides, LaterOverridesWin) {
   auto workload = load_text(kTwoPhases, {{"workload.ops", "5"}, {"workload.ops", "7"}});
   EXPECT_EQ(workload.spec.ops, 7u);
}

TEST(WorkloadOverrides, CreateTheWorkloadTableWhenTheFileHasNone) {
   auto workload = load_text("[[phase]]\noccupancy = [0, 1]\n",
                             {{"workload.frames", "64"}, {"workload.ops", "10"}});
   EXPECT_EQ(workload.spec.frames, 64u);
}

TEST(WorkloadOverrides, ChangeTheHash) {
   EXPECT_NE(load_text(kTwoPhases).sha256,
             load_text(kTwoPhases, {{"workload.ops", "1001"}}).sha256);
   EXPECT_EQ(load_text(kTwoPhases).sha256,
             load_text(kTwoPhases, {{"workload.ops", "1000"}}).sha256);
}

TEST(WorkloadOverrideErrors, UnknownKeysSuggestTheNearest) {
   EXPECT_EQ(load_error(kTwoPhases, {{"workload.frmes", "1"}}),
             "--set: workload.frmes: unknown key 'frmes' (did you mean 'frames'?)");
   EXPECT_EQ(load_error(kTwoPhases, {{"phase.0.lifetme", "fifo"}}),
             "--set: phase.0.lifetme: unknown key 'lifetme' (did you mean 'lifetime'?)");
   EXPECT_EQ(load_error(kTwoPhases, {{"workloads.ops", "1"}}),
             "--set: workloads.ops: unknown key, expected workload.<key> or "
             "phase.<index>.<key> (did you mean 'workload'?)");
   EXPECT_EQ(load_error(kTwoPhases, {{"workload.ops.x", "1"}}),
             "--set: workload.ops.x: unknown key, expected workload.<key> or "
             "phase.<index>.<key>");
}

TEST(WorkloadOverrideErrors, PhaseIndexOutOfRange) {
   EXPECT_EQ(load_error(kTwoPhases, {{"phase.2.lifetime", "fifo"}}),
             "--set: phase.2.lifetime: expected a phase index in 0..1 (2 [[phase]] tables), "
             "got '2'");
   EXPECT_EQ(load_error(kTwoPhases, {{"phase.first.lifetime", "fifo"}}),
             "--set: phase.first.lifetime: expected a phase index in 0..1 (2 [[phase]] "
             "tables), got 'first'");
}

TEST(WorkloadOverrideErrors, TextThatIsNotAValue) {
   EXPECT_EQ(load_error(kTwoPhases, {{"workload.ops", "lots"}}),
             "--set: workload.ops: expected an integer, got 'lots'");
   EXPECT_EQ(load_error(kTwoPhases, {{"phase.0.occupancy", "[0.1, "}}),
             "--set: phase.0.occupancy: expected [low, high], got '[0.1, '");
   EXPECT_EQ(load_error(kTwoPhases, {{"workload.ops", "1\nname = 2"}}),
             "--set: workload.ops: expected an integer, got '1\nname = 2'");
}

TEST(WorkloadOverrideErrors, ValuesAreValidatedLikeTheFile) {
   EXPECT_EQ(load_error(kTwoPhases, {{"workload.ops", "-5"}}),
             "--set: workload.ops: expected an integer in 1..1000000000000, got integer -5");
   EXPECT_EQ(load_error(kTwoPhases, {{"workload.frames", "2.5"}}),
             "--set: workload.frames: expected an integer in 1..1099511627776, got float 2.5");
   EXPECT_EQ(load_error(kTwoPhases, {{"phase.0.lifetime", "fif"}}),
             "--set: phase.0.lifetime: expected one of 'random', 'fifo', 'lifo', got string "
             "'fif' (did you mean 'fifo'?)");
   EXPECT_EQ(load_error(kTwoPhases, {{"phase.1.occupancy", "[0.9, 0.1]"}}),
             "--set: phase.1.occupancy: expected [low, high] with 0 <= low <= high <= 1 "
             "(fractions of the region), got low 0.9 > high 0.1");
   EXPECT_EQ(load_error(kTwoPhases, {{"phase.0.orders", "{ 0 = 1, 12 = 1 }"}}),
             "--set: phase.0.orders.12: expected an order in 0..10 (workload.max_order) as the "
             "key");
}

} // namespace
} // namespace memfrag::workload::testing
