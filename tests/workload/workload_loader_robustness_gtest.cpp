// The loader must turn any input into a workload or a WorkloadError, never another exception
// or a crash: mutations of the shipped files and of small valid files, plus garbage, each with
// overrides, and a short run of the driver for those that load. The libFuzzer target in
// tests/fuzz explores further; this runs everywhere.
#include "core/workload/prng.hpp"
#include "tests/workload/workload_test_support.hpp"

#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <iterator>
#include <memfrag/allocator.h>

namespace memfrag::workload::testing {
namespace {

// Fragments that steer mutations toward what the loader treats specially.
const std::vector<std::string> kFragments = {
    "[[phase]]\n",
    "[workload]\n",
    "[plugin.x]\n",
    "occupancy = [0.1, 0.9]\n",
    "= ",
    "\"",
    "{ 0 = 1 }",
    "[",
    "]",
    "nan",
    "-inf",
    "9223372036854775807",
    "-1",
    "0x10",
    "1e308",
    "\n",
    ".",
    "orders.3 = 1\n",
    "phase = 1\n",
    "lifetime = \"lifo\"\n",
    "\xff\xfe",
    "'''",
    "frames = 1\n",
    "max_order = 30\n",
    "ops = 1000000000000\n",
};

const std::vector<std::vector<Override>> kOverrideSets = {
    {},
    {{"workload.ops", "50"}},
    {{"phase.0.orders", "{ 30 = 1 }"}, {"workload.max_order", "30"}},
    {{"workload.frames", "1"}},
    {{"phase.0.occupancy", "[1, 1]"}},
    {{"phase.9.share", "1"}},
    {{"", ""}},
    {{"workload.name", "\"quoted\""}},
};

std::string read_file(const std::filesystem::path &path) {
   std::ifstream file(path, std::ios::binary);
   return {std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>()};
}

std::vector<std::string> seed_texts() {
   std::vector<std::string> seeds = {kMinimalWorkload};
   for (const auto &entry : std::filesystem::directory_iterator(MEMFRAG_SOURCE_WORKLOAD_DIR)) {
      seeds.push_back(read_file(entry.path()));
   }
   return seeds;
}

std::string mutate(std::string text, Xoshiro256 &random) {
   auto edits = 1 + uniform_below(random.next(), 4);
   for (std::uint64_t edit = 0; edit < edits; ++edit) {
      auto at = text.empty() ? 0 : uniform_below(random.next(), text.size());
      switch (uniform_below(random.next(), 5)) {
      case 0:
         text.insert(at, kFragments[uniform_below(random.next(), kFragments.size())]);
         break;
      case 1:
         text.erase(at, uniform_below(random.next(), 16));
         break;
      case 2:
         if (!text.empty()) {
            text[at] = static_cast<char>(random.next());
         }
         break;
      case 3:
         text.resize(at);
         break;
      default:
         text.insert(at, text.substr(at, uniform_below(random.next(), 200)));
      }
   }
   return text;
}

std::string garbage(Xoshiro256 &random) {
   std::string text(uniform_below(random.next(), 300), '\0');
   for (auto &byte : text) {
      byte = static_cast<char>(random.next());
   }
   return text;
}

void drive_briefly(const LoadedWorkload &workload) {
   auto driver = make_driver(workload, 1);
   Op op;
   for (int count = 0; count < 1000 && driver->next(op); ++count) {
      if (op.kind == Op::Kind::alloc) {
         driver->allocated(op, count % 3 == 0 ? MEMFRAG_NO_FRAME : std::uint64_t(count) << 20);
      }
   }
}

// Loads `text`; any exception but WorkloadError fails the test with the input shown.
void expect_loaded_or_rejected(const std::string &text, const std::vector<Override> &overrides) {
   try {
      drive_briefly(load_text(text, overrides));
   } catch (const WorkloadError &) {
   } catch (const std::exception &error) {
      ADD_FAILURE() << "unexpected " << error.what() << " for input:\n" << text;
   }
}

TEST(WorkloadLoaderRobustness, MutatedFilesOnlyThrowWorkloadError) {
   Xoshiro256 random(2024);
   auto seeds = seed_texts();
   for (int round = 0; round < 4000; ++round) {
      const auto &seed = seeds[uniform_below(random.next(), seeds.size())];
      const auto &overrides = kOverrideSets[uniform_below(random.next(), kOverrideSets.size())];
      expect_loaded_or_rejected(mutate(seed, random), overrides);
   }
}

TEST(WorkloadLoaderRobustness, GarbageOnlyThrowsWorkloadError) {
   Xoshiro256 random(7);
   for (int round = 0; round < 1000; ++round) {
      expect_loaded_or_rejected(garbage(random), {});
   }
}

} // namespace
} // namespace memfrag::workload::testing
