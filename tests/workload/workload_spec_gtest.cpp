// Reading workload files: every key, the defaults, the resolved specification and its hash,
// plugin settings, and each kind of error with its exact message.
#include "core/support/sha256.hpp"
#include "core/workload/generator_spec.hpp"
#include "tests/workload/workload_test_support.hpp"

#include <gtest/gtest.h>

namespace memfrag::workload::testing {
namespace {

const std::string kFullWorkload = R"([workload]
name = "full"
description = "every key"
frames = 4096
ops = 10_000
max_order = 8
samples = 50

[[phase]]
name = "fill"
share = 1
occupancy = [0.8, 0.9]
orders = { 0 = 6, 2 = 3, 3 = 1 }
lifetime = "fifo"
mobility = { unmovable = 1, reclaimable = 2, movable = 3 }
atomic = 0.25
virt_ok = 0.5
touch = "whole"

[[phase]]
name = "drain"
share = 3
occupancy = [0.1, 0.2]
lifetime = "lifo"
touch = "first-line"

[plugin.buddy]
max_order = 9
ratio = 0.5
strict = true
policy = "first-fit"
)";

TEST(WorkloadSpec, ReadsEveryWorkloadKey) {
   auto workload = load_text(kFullWorkload);
   EXPECT_EQ(workload.spec.name, "full");
   EXPECT_EQ(workload.spec.description, "every key");
   EXPECT_EQ(workload.spec.frames, 4096u);
   EXPECT_EQ(workload.spec.ops, 10000u);
   EXPECT_EQ(workload.spec.max_order, 8u);
   EXPECT_EQ(workload.spec.samples, 50u);
   EXPECT_EQ(workload.spec.cpus, 1u);
   EXPECT_EQ(workload.path, "test.toml");
   EXPECT_EQ(workload.spec.resolved["kind"], "generator");
}

TEST(WorkloadSpec, ReadsEveryPhaseKey) {
   auto phase = load_text(kFullWorkload).spec.resolved["phases"][0];
   EXPECT_EQ(phase, nlohmann::json::parse(R"({
      "name": "fill", "share": 1.0, "ops": 2500, "occupancy": [0.8, 0.9],
      "orders": {"0": 6, "2": 3, "3": 1}, "lifetime": "fifo",
      "mobility": {"unmovable": 1, "reclaimable": 2, "movable": 3},
      "atomic": 0.25, "virt_ok": 0.5, "touch": "whole"})"));
}

TEST(WorkloadSpec, FillsDefaults) {
   auto resolved = load_text(kMinimalWorkload).spec.resolved;
   EXPECT_EQ(resolved, nlohmann::json::parse(R"({
      "kind": "generator", "name": "test", "description": "", "frames": 1024, "ops": 1000,
      "max_order": 10, "samples": 100, "cpus": 1, "plugin": {},
      "phases": [{
         "name": "phase-0", "share": 1.0, "ops": 1000, "occupancy": [0.5, 0.7],
         "orders": {"0": 1}, "lifetime": "random",
         "mobility": {"unmovable": 0, "reclaimable": 0, "movable": 1},
         "atomic": 0.0, "virt_ok": 0.0, "touch": "none"}]})"));
}

TEST(WorkloadSpec, SplitsOpsByShare) {
   auto phases = load_text(kFullWorkload).spec.resolved["phases"];
   EXPECT_EQ(phases[0]["ops"], 2500);
   EXPECT_EQ(phases[1]["ops"], 7500);
   EXPECT_EQ(split_ops(10, {1, 1, 1}), (std::vector<std::uint64_t>{3, 3, 4}));
   EXPECT_EQ(split_ops(7, {0.5, 0.25, 0.25}), (std::vector<std::uint64_t>{3, 2, 2}));
}

TEST(WorkloadSpec, HashesTheCanonicalResolvedSpecification) {
   auto workload = load_text(kMinimalWorkload);
   EXPECT_EQ(workload.sha256, support::sha256_hex(workload.spec.resolved.dump()));
   EXPECT_EQ(workload.sha256.size(), 64u);
}

TEST(WorkloadSpec, EquivalentFilesHashAlike) {
   auto spelled_out = R"([[phase]]
touch = "none"
orders = { 0 = 1, 3 = 0 }
occupancy = [0.5, 0.7]
lifetime = "random"

[workload]
ops = 1000
max_order = 10
frames = 1024
)";
   EXPECT_EQ(load_text(spelled_out).sha256, load_text(kMinimalWorkload).sha256);
   EXPECT_NE(load_text(kFullWorkload).sha256, load_text(kMinimalWorkload).sha256);
}

TEST(WorkloadSpec, ReadsPluginSettingsTypedWithTheirOrigin) {
   auto workload = load_text(kFullWorkload);
   ASSERT_EQ(workload.plugin_params.size(), 1u);
   const auto &inputs = workload.plugin_params.at("buddy");
   ASSERT_EQ(inputs.size(), 4u);
   auto input = [&](const std::string &name) {
      return *std::find_if(inputs.begin(), inputs.end(),
                           [&](const auto &candidate) { return candidate.name == name; });
   };
   EXPECT_EQ(std::get<std::int64_t>(input("max_order").value), 9);
   EXPECT_EQ(input("max_order").origin, "test.toml:28:13");
   EXPECT_FALSE(input("max_order").is_text);
   EXPECT_EQ(std::get<double>(input("ratio").value), 0.5);
   EXPECT_EQ(std::get<bool>(input("strict").value), true);
   EXPECT_EQ(std::get<std::string>(input("policy").value), "first-fit");
   EXPECT_EQ(workload.spec.resolved["plugin"]["buddy"]["policy"], "first-fit");
}

std::string minimal_with(const std::string &phase_lines) {
   return kMinimalWorkload + phase_lines;
}

TEST(WorkloadErrors, TomlSyntax) {
   EXPECT_EQ(load_error("[workload]\nframes = = 3\n"),
             "test.toml:2:10: TOML syntax error: Error while parsing value: could not determine "
             "value type");
}

TEST(WorkloadErrors, UnknownKeysSuggestTheNearest) {
   EXPECT_EQ(load_error("[workloads]\n"),
             "test.toml:1:2: workloads: unknown key, expected one of 'workload', 'phase', "
             "'plugin' (did you mean 'workload'?)");
   EXPECT_EQ(load_error("[workload]\nframes = 1\nframs = 2\n"),
             "test.toml:3:1: workload.frams: unknown key, expected one of 'name', "
             "'description', 'frames', 'ops', 'max_order', 'samples', 'background' (did you mean "
             "'frames'?)");
   EXPECT_EQ(load_error(minimal_with("lifetme = \"fifo\"\n")),
             "test.toml:7:1: phase.0.lifetme: unknown key, expected one of 'name', 'share', "
             "'occupancy', 'orders', 'lifetime', 'mobility', 'atomic', 'virt_ok', 'touch', 'kind', "
             "'high', 'noreclaim', 'reread', 'retry', 'attempt_every', 'attempt_order', "
             "'burst_every', 'burst_size', 'burst_order', 'burst_mobility', 'burst_atomic', "
             "'frames', 'bytes' (did you mean 'lifetime'?)");
   EXPECT_EQ(load_error(minimal_with("mobility = { movabel = 1 }\n")),
             "test.toml:7:14: phase.0.mobility.movabel: unknown key, expected one of "
             "'unmovable', 'reclaimable', 'movable' (did you mean 'movable'?)");
}

TEST(WorkloadErrors, WrongTypes) {
   EXPECT_EQ(load_error("[workload]\nframes = \"many\"\n"),
             "test.toml:2:10: workload.frames: expected an integer in 1..1099511627776, got "
             "string 'many'");
   EXPECT_EQ(load_error(minimal_with("atomic = true\n")),
             "test.toml:7:10: phase.0.atomic: expected a number in 0..1, got boolean true");
   EXPECT_EQ(load_error(minimal_with("name = 3\n")),
             "test.toml:7:8: phase.0.name: expected a string, got integer 3");
   EXPECT_EQ(load_error(minimal_with("orders = [1, 2]\n")),
             "test.toml:7:10: phase.0.orders: expected a table of weights like { key = 10, ... "
             "}, got an array");
   EXPECT_EQ(load_error("workload = 3\n"),
             "test.toml:1:12: workload: expected a [workload] table, got integer 3");
   EXPECT_EQ(load_error(kMinimalWorkload + "[plugin.buddy]\nlevels = [1]\n"),
             "test.toml:8:10: plugin.buddy.levels: expected an integer, float, boolean or "
             "string, got an array");
}

TEST(WorkloadErrors, OutOfRange) {
   EXPECT_EQ(load_error("[workload]\nframes = 1024\nops = 10\nmax_order = 31\n"),
             "test.toml:4:13: workload.max_order: expected an integer in 0..30, got integer 31");
   EXPECT_EQ(load_error("[workload]\nframes = 0\n"),
             "test.toml:2:10: workload.frames: expected an integer in 1..1099511627776, got "
             "integer 0");
   EXPECT_EQ(load_error(minimal_with("virt_ok = 1.5\n")),
             "test.toml:7:11: phase.0.virt_ok: expected a number in 0..1, got float 1.5");
   EXPECT_EQ(load_error(minimal_with("atomic = nan\n")),
             "test.toml:7:10: phase.0.atomic: expected a number in 0..1, got float nan");
   EXPECT_EQ(load_error(minimal_with("share = 0\n")),
             "test.toml:7:9: phase.0.share: expected a number greater than 0, got 0");
   EXPECT_EQ(load_error(minimal_with("orders = { 0 = -1 }\n")),
             "test.toml:7:16: phase.0.orders.0: expected an integer in 0..1000000000, got "
             "integer -1");
}

TEST(WorkloadErrors, MissingKeysAndTables) {
   EXPECT_EQ(load_error("[workload]\nops = 10\n"),
             "test.toml:1:1: workload.frames: missing, expected an integer in "
             "1..1099511627776");
   EXPECT_EQ(load_error("[[phase]]\noccupancy = [0, 1]\n"),
             "test.toml:1:1: workload: missing, expected a [workload] table");
   EXPECT_EQ(load_error("[workload]\nframes = 8\nops = 10\n"),
             "test.toml:1:1: phase: missing, expected at least one [[phase]] table");
   EXPECT_EQ(load_error("phase = []\n[workload]\nframes = 8\nops = 10\n"),
             "test.toml:1:9: phase: expected at least one [[phase]] table, got an array with "
             "no element");
   EXPECT_EQ(load_error("[workload]\nframes = 8\nops = 10\n[phase]\n"),
             "test.toml:4:1: phase: expected at least one [[phase]] table, got a table");
   EXPECT_EQ(load_error("[workload]\nframes = 8\nops = 10\n[[phase]]\nname = \"x\"\n"),
             "test.toml:4:1: phase.0.occupancy: missing, expected [low, high] with 0 <= low "
             "<= high <= 1 (fractions of the region)");
}

TEST(WorkloadErrors, InconsistentOccupancyBand) {
   std::string text = kMinimalWorkload;
   text.replace(text.find("[0.5, 0.7]"), 10, "[0.8, 0.2]");
   EXPECT_EQ(load_error(text),
             "test.toml:6:13: phase.0.occupancy: expected [low, high] with 0 <= low <= high "
             "<= 1 (fractions of the region), got low 0.8 > high 0.2");
   text.replace(text.find("[0.8, 0.2]"), 10, "[0.5]");
   EXPECT_EQ(load_error(text),
             "test.toml:6:13: phase.0.occupancy: expected [low, high] with 0 <= low <= high "
             "<= 1 (fractions of the region), got an array of 1 values");
   text.replace(text.find("[0.5]"), 5, "[0.5, \"x\"]");
   EXPECT_EQ(load_error(text),
             "test.toml:6:19: phase.0.occupancy[1]: expected a number in 0..1, got string 'x'");
}

TEST(WorkloadErrors, EmptyDistributions) {
   EXPECT_EQ(load_error(minimal_with("orders = {}\n")),
             "test.toml:7:10: phase.0.orders: expected at least one non-zero weight");
   EXPECT_EQ(load_error(minimal_with("mobility = { movable = 0 }\n")),
             "test.toml:7:12: phase.0.mobility: expected at least one non-zero weight");
}

TEST(WorkloadErrors, OrdersOutsideTheHistogramOrTheRegion) {
   EXPECT_EQ(load_error(minimal_with("orders = { 0 = 1, 11 = 1 }\n")),
             "test.toml:7:19: phase.0.orders.11: expected an order in 0..10 "
             "(workload.max_order) as the key");
   EXPECT_EQ(load_error(minimal_with("orders = { one = 1 }\n")),
             "test.toml:7:12: phase.0.orders.one: expected an order in 0..10 "
             "(workload.max_order) as the key");
   EXPECT_EQ(load_error(minimal_with("orders = { 01 = 1 }\n")),
             "test.toml:7:12: phase.0.orders.01: expected an order in 0..10 "
             "(workload.max_order) as the key");
   std::string small_region = kMinimalWorkload;
   small_region.replace(small_region.find("1024"), 4, "4");
   EXPECT_EQ(load_error(small_region + "orders = { 3 = 1 }\n"),
             "test.toml:7:12: phase.0.orders.3: expected an order whose block fits the region "
             "of 4 frames (workload.frames)");
}

TEST(WorkloadErrors, ChoicesSuggestTheNearest) {
   EXPECT_EQ(load_error(minimal_with("lifetime = \"fifa\"\n")),
             "test.toml:7:12: phase.0.lifetime: expected one of 'random', 'fifo', 'lifo', got "
             "string 'fifa' (did you mean 'fifo'?)");
   EXPECT_EQ(load_error(minimal_with("touch = \"first_line\"\n")),
             "test.toml:7:9: phase.0.touch: expected one of 'none', 'first-line', 'whole', got "
             "string 'first_line' (did you mean 'first-line'?)");
   EXPECT_EQ(load_error(minimal_with("touch = 1\n")),
             "test.toml:7:9: phase.0.touch: expected one of 'none', 'first-line', 'whole', got "
             "integer 1");
}

TEST(WorkloadErrors, PhaseIndexIsNamedInLaterPhases) {
   EXPECT_EQ(load_error(kMinimalWorkload + "[[phase]]\noccupancy = [0, 1]\nshare = -1\n"),
             "test.toml:9:9: phase.1.share: expected a number in 0..1000000000, got integer -1");
}

} // namespace
} // namespace memfrag::workload::testing

namespace memfrag::workload::testing {
namespace {

TEST(WorkloadSpec, ReadsRequestsSizedInBytesAndFrames) {
   auto phase = load_text(kMinimalWorkload + "bytes = { 9000 = 3, 1500 = 1 }\nframes = 3\n")
                    .spec.resolved["phases"][0];
   EXPECT_EQ(phase["bytes"], nlohmann::json::parse(R"({"1500": 1, "9000": 3})"));
   EXPECT_EQ(phase["frames"], nlohmann::json::parse(R"({"3": 1})"));
   EXPECT_EQ(phase["orders"], nlohmann::json::object()) << "no order requests unless asked";
   auto with_orders = load_text(kMinimalWorkload + "orders = { 1 = 1 }\nbytes = 9000\n")
                          .spec.resolved["phases"][0];
   EXPECT_EQ(with_orders["orders"], nlohmann::json::parse(R"({"1": 1})"));
   EXPECT_EQ(with_orders["bytes"], nlohmann::json::parse(R"({"9000": 1})"));
   EXPECT_FALSE(load_text(kMinimalWorkload).spec.resolved["phases"][0].contains("bytes"));
}

TEST(WorkloadErrors, SizesOutsideTheHistogramOrTheRegion) {
   EXPECT_EQ(load_error(kMinimalWorkload + "bytes = 0\n"),
             "test.toml:7:9: phase.0.bytes: expected an integer in 1..9223372036854775807, got "
             "integer 0");
   EXPECT_EQ(load_error(kMinimalWorkload + "frames = { 1025 = 1 }\n"),
             "test.toml:7:12: phase.0.frames.1025: expected a size in 1..1024 frames (at most "
             "2^workload.max_order frames, within workload.frames)");
   EXPECT_EQ(load_error(kMinimalWorkload + "bytes = { jumbo = 1 }\n"),
             "test.toml:7:11: phase.0.bytes.jumbo: expected a size (an integer) as the key");
   EXPECT_EQ(load_error(kMinimalWorkload + "bytes = 4194305\n"),
             "test.toml:7:9: phase.0.bytes: expected a size in 1..4194304 bytes (at most "
             "2^workload.max_order frames, within workload.frames)");
}

} // namespace
} // namespace memfrag::workload::testing
