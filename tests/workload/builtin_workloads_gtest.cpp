// Built-in workloads: the shipped files load, names resolve through the workload directories,
// and references dispatch to files, built-ins or trace replay.
#include "core/workload/workload.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>

namespace memfrag::workload {
namespace {

namespace fs = std::filesystem;

// Each shipped workload with its region and operation count, chosen for runs well under a second.
struct ShippedWorkload {
   std::string name;
   std::uint64_t frames;
   std::uint64_t ops;
};

const std::vector<ShippedWorkload> kShipped = {{"atomic-bursts", 16384, 200000},
                                               {"fill-free-random", 65536, 1000000},
                                               {"hugepage-attempts", 32768, 400065},
                                               {"mixed-70", 65536, 1000000},
                                               {"odd-sizes", 16384, 200000},
                                               {"process-stacks", 16384, 200000},
                                               {"rpc-retry", 16384, 200000}};

// Points $MEMFRAG_WORKLOAD_PATH at `dir` for the test's duration.
class WorkloadPath {
 public:
   explicit WorkloadPath(const fs::path &dir) { ::setenv("MEMFRAG_WORKLOAD_PATH", dir.c_str(), 1); }
   ~WorkloadPath() { ::unsetenv("MEMFRAG_WORKLOAD_PATH"); }
   WorkloadPath(const WorkloadPath &) = delete;
   WorkloadPath &operator=(const WorkloadPath &) = delete;
};

std::string error_of(const std::string &ref) {
   try {
      load_workload(ref, {});
   } catch (const WorkloadError &error) {
      return error.what();
   }
   return "(no error)";
}

TEST(BuiltinWorkloads, ShippedFilesLoadAndAreSizedForAQuickRun) {
   for (const auto &shipped : kShipped) {
      auto path = std::string(MEMFRAG_SOURCE_WORKLOAD_DIR) + "/" + shipped.name + ".toml";
      auto workload = load_workload(path, {});
      EXPECT_EQ(workload.spec.name, shipped.name);
      EXPECT_FALSE(workload.spec.description.empty());
      EXPECT_EQ(workload.spec.frames, shipped.frames);
      EXPECT_EQ(workload.spec.ops, shipped.ops);
      EXPECT_EQ(workload.ref, path);
      EXPECT_EQ(workload.path, path);
   }
}

// Live frames at the end of each phase, with an allocator that always succeeds.
std::vector<std::uint64_t> live_frames_per_phase(const LoadedWorkload &workload) {
   auto driver = make_driver(workload, 1);
   std::vector<std::uint64_t> live_at_end(workload.spec.resolved["phases"].size());
   std::uint64_t live_frames = 0, next_frame = 0;
   Op op;
   while (driver->next(op)) {
      if (op.kind == Op::Kind::alloc) {
         driver->allocated(op, next_frame);
         next_frame += std::uint64_t{1} << op.order;
         live_frames += std::uint64_t{1} << op.order;
      } else {
         live_frames -= std::uint64_t{1} << op.order;
      }
      live_at_end[op.phase] = live_frames;
   }
   return live_at_end;
}

TEST(BuiltinWorkloads, FillFreeRandomReachesItsOccupancies) {
   auto workload =
       load_workload(std::string(MEMFRAG_SOURCE_WORKLOAD_DIR) + "/fill-free-random.toml", {});
   auto live = live_frames_per_phase(workload);
   ASSERT_EQ(live.size(), 3u);
   EXPECT_NEAR(static_cast<double>(live[0]) / 65536, 0.95, 0.01);
   EXPECT_NEAR(static_cast<double>(live[1]) / 65536, 0.30, 0.01);
   EXPECT_NEAR(static_cast<double>(live[2]) / 65536, 0.30, 0.06);
}

TEST(BuiltinWorkloads, Mixed70HoldsSeventyPercent) {
   auto workload = load_workload(std::string(MEMFRAG_SOURCE_WORKLOAD_DIR) + "/mixed-70.toml", {});
   EXPECT_NEAR(static_cast<double>(live_frames_per_phase(workload)[0]) / 65536, 0.70, 0.03);
}

TEST(BuiltinWorkloads, LoadByName) {
   WorkloadPath source_dir(MEMFRAG_SOURCE_WORKLOAD_DIR);
   auto workload = load_workload("mixed-70", {{"workload.ops", "10"}});
   EXPECT_EQ(workload.ref, "mixed-70");
   EXPECT_EQ(fs::path(workload.path).filename(), "mixed-70.toml");
   EXPECT_EQ(workload.spec.ops, 10u);
}

TEST(BuiltinWorkloads, ListsNamesAndDescriptions) {
   WorkloadPath source_dir(MEMFRAG_SOURCE_WORKLOAD_DIR);
   auto builtins = builtin_workloads();
   std::vector<std::string> names;
   for (const auto &builtin : builtins) {
      names.push_back(builtin.name);
      EXPECT_FALSE(builtin.description.empty()) << builtin.name;
      EXPECT_TRUE(fs::exists(builtin.path));
   }
   EXPECT_TRUE(std::is_sorted(names.begin(), names.end()));
   for (const auto &shipped : kShipped) {
      EXPECT_NE(std::find(names.begin(), names.end(), shipped.name), names.end()) << shipped.name;
   }
}

TEST(BuiltinWorkloads, FirstDirectoryWinsAndBrokenFilesStillList) {
   auto dir = fs::temp_directory_path() / ("memfrag-builtin-gtest-" + std::to_string(getpid()));
   fs::create_directories(dir);
   std::ofstream(dir / "mixed-70.toml") << "[workload]\ndescription = \"shadowing copy\"\n";
   std::ofstream(dir / "broken.toml") << "[workload\n";
   std::ofstream(dir / "notes.txt") << "not a workload\n";
   {
      WorkloadPath first(dir);
      auto builtins = builtin_workloads();
      auto find = [&](const std::string &name) {
         return std::find_if(builtins.begin(), builtins.end(),
                             [&](const auto &builtin) { return builtin.name == name; });
      };
      ASSERT_NE(find("mixed-70"), builtins.end());
      EXPECT_EQ(find("mixed-70")->description, "shadowing copy");
      ASSERT_NE(find("broken"), builtins.end());
      EXPECT_EQ(find("broken")->description, "");
      EXPECT_EQ(find("notes"), builtins.end());
   }
   fs::remove_all(dir);
}

TEST(BuiltinWorkloads, UnknownNameSuggestsTheNearest) {
   WorkloadPath source_dir(MEMFRAG_SOURCE_WORKLOAD_DIR);
   auto message = error_of("mixed-7");
   EXPECT_EQ(message.rfind("unknown workload 'mixed-7' (did you mean 'mixed-70'?); built-in "
                           "workloads: atomic-bursts, fill-free-random, hugepage-attempts, mixed-70",
                           0),
             0u)
       << message;
}

TEST(BuiltinWorkloads, MissingTomlFileIsAnError) {
   EXPECT_EQ(error_of("no/such/file.toml"),
             "cannot read workload file 'no/such/file.toml': No such file or directory");
   EXPECT_EQ(error_of(fs::temp_directory_path().string()), "cannot read workload file '" +
                                                               fs::temp_directory_path().string() +
                                                               "': it is a directory");
}

TEST(BuiltinWorkloads, TraceReferencesGoToTraceReplay) {
   EXPECT_THROW(load_workload("trace:some.trace", {}), WorkloadError);
}

} // namespace
} // namespace memfrag::workload
