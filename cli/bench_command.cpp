// memfrag bench: Google Benchmark micro-benchmarks of plugins through the core's loader, with
// Google Benchmark's own flags (--benchmark_filter=, --benchmark_format=json, ...) and output,
// so its tools (compare.py) work unchanged. Per allocator: alloc+free pairs per order on an
// empty region and on one 70% full, a burst of allocations then a burst of frees, and churn.
#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"
#include "core/platform/region_memory.hpp"
#include "core/plugin/catalog.hpp"
#include "core/plugin/instance.hpp"

#include <benchmark/benchmark.h>
#include <cstdio>
#include <memory>
#include <random>
#include <string>
#include <vector>

namespace memfrag::cli {
namespace {

constexpr std::uint32_t kHighestBenchmarkedOrder = 10;
constexpr std::uint64_t kFillSeed = 20240607;
constexpr std::size_t kBurstBlocks = 1024;

struct BenchArguments {
   std::vector<std::string> plugins;
   std::uint64_t frames = std::uint64_t{1} << 18;
};

// One allocator instance over a region that is never touched (plugins must not touch it).
class BenchInstance {
 public:
   BenchInstance(const plugin::Library &library, const plugin::AllocatorInfo &info,
                 std::uint64_t frames)
       : memory_(frames), region_{frames, memory_.base(), -1, 1},
         instance_(library, info, defaults(info), region_) {}

   const plugin::Instance &operator*() const { return instance_; }
   const plugin::Instance *operator->() const { return &instance_; }

 private:
   static std::vector<plugin::ParamValue> defaults(const plugin::AllocatorInfo &info) {
      std::vector<plugin::ParamValue> values;
      for (const auto &spec : info.params) {
         values.push_back(spec.default_value);
      }
      return values;
   }

   platform::RegionMemory memory_;
   memfrag_region_t region_;
   plugin::Instance instance_;
};

struct Target {
   const plugin::Library *library;
   const plugin::AllocatorInfo *info;
   std::uint64_t frames;
};

// Fills the region with order-`order` blocks, then frees a seeded random 30% of them: free
// blocks scattered the way a long-running system leaves them.
void fill_to_70_percent(const plugin::Instance &instance, std::uint32_t order) {
   std::vector<std::uint64_t> blocks;
   for (std::uint64_t frame = instance.alloc(order, 0, 0); frame != MEMFRAG_NO_FRAME;
        frame = instance.alloc(order, 0, 0)) {
      blocks.push_back(frame);
   }
   std::mt19937_64 random(kFillSeed);
   std::shuffle(blocks.begin(), blocks.end(), random);
   for (std::size_t index = 0; index < blocks.size() * 3 / 10; ++index) {
      instance.free(blocks[index], order, 0);
   }
}

void alloc_free_pair(benchmark::State &state, Target target, std::uint32_t order, bool full) {
   BenchInstance instance(*target.library, *target.info, target.frames);
   if (full) {
      fill_to_70_percent(*instance, order);
   }
   std::int64_t failures = 0;
   for (auto _ : state) {
      std::uint64_t frame = instance->alloc(order, 0, 0);
      benchmark::DoNotOptimize(frame);
      if (frame == MEMFRAG_NO_FRAME) {
         ++failures;
         continue;
      }
      instance->free(frame, order, 0);
   }
   state.counters["pairs/s"] =
       benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
   state.counters["failed"] = static_cast<double>(failures);
}

void burst(benchmark::State &state, Target target) {
   BenchInstance instance(*target.library, *target.info, target.frames);
   std::vector<std::uint64_t> frames(kBurstBlocks);
   for (auto _ : state) {
      for (auto &frame : frames) {
         frame = instance->alloc(0, 0, 0);
      }
      for (auto frame : frames) {
         if (frame != MEMFRAG_NO_FRAME) {
            instance->free(frame, 0, 0);
         }
      }
   }
   state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(2 * kBurstBlocks));
}

// Steady churn at about half occupancy: each iteration frees a random live block or allocates
// one of order 0..3, with the seeded choices made outside the plugin calls.
void churn(benchmark::State &state, Target target) {
   BenchInstance instance(*target.library, *target.info, target.frames);
   std::mt19937_64 random(kFillSeed);
   std::vector<std::pair<std::uint64_t, std::uint32_t>> live;
   std::uint64_t live_frames = 0;
   for (auto _ : state) {
      bool allocate = live.empty() || (live_frames < target.frames / 2 && random() % 2 == 0);
      if (allocate) {
         auto order = static_cast<std::uint32_t>(random() % 4);
         std::uint64_t frame = instance->alloc(order, 0, 0);
         if (frame != MEMFRAG_NO_FRAME) {
            live.emplace_back(frame, order);
            live_frames += std::uint64_t{1} << order;
         }
      } else {
         std::size_t index = random() % live.size();
         instance->free(live[index].first, live[index].second, 0);
         live_frames -= std::uint64_t{1} << live[index].second;
         live[index] = live.back();
         live.pop_back();
      }
   }
   state.SetItemsProcessed(state.iterations());
}

// The orders an empty region of the allocator serves, up to kHighestBenchmarkedOrder.
std::vector<std::uint32_t> served_orders(const Target &target) {
   BenchInstance instance(*target.library, *target.info, target.frames);
   std::vector<std::uint32_t> orders;
   for (std::uint32_t order = 0; order <= kHighestBenchmarkedOrder; ++order) {
      std::uint64_t frame = instance->alloc(order, 0, 0);
      if (frame != MEMFRAG_NO_FRAME) {
         orders.push_back(order);
         instance->free(frame, order, 0);
      }
   }
   return orders;
}

void register_benchmarks(const Target &target) {
   const std::string prefix = target.info->id + "/";
   for (std::uint32_t order : served_orders(target)) {
      std::string pair = prefix + "pair/order:" + std::to_string(order);
      benchmark::RegisterBenchmark((pair + "/empty").c_str(), alloc_free_pair, target, order,
                                   false);
      benchmark::RegisterBenchmark((pair + "/70%-full").c_str(), alloc_free_pair, target, order,
                                   true);
   }
   benchmark::RegisterBenchmark((prefix + "burst/order:0/blocks:1024").c_str(), burst, target);
   benchmark::RegisterBenchmark((prefix + "churn/orders:0-3").c_str(), churn, target);
}

[[noreturn]] void fail(const std::string &message) {
   std::fprintf(stderr, "memfrag: error: %s\n", message.c_str());
   throw CommandExit{kExitBadInput};
}

std::vector<std::unique_ptr<plugin::Library>> load_plugins(const BenchArguments &arguments,
                                                           std::vector<Target> &targets) {
   std::vector<std::unique_ptr<plugin::Library>> libraries;
   for (const auto &name : arguments.plugins) {
      try {
         plugin::PluginRef ref = plugin::resolve_plugin_ref(name);
         libraries.push_back(plugin::load_library_isolated(ref.path, std::chrono::seconds(30)));
         for (const auto &info : libraries.back()->allocators()) {
            if (!ref.allocator_id || *ref.allocator_id == info.id) {
               targets.push_back({libraries.back().get(), &info, arguments.frames});
            }
         }
      } catch (const plugin::PluginError &error) {
         fail(error.what());
      }
   }
   return libraries;
}

void run_benchmarks(const BenchArguments &arguments, const std::vector<std::string> &flags) {
   for (const auto &flag : flags) {
      if (!flag.starts_with("--benchmark_")) {
         fail("bench: unexpected argument '" + flag +
              "' (Google Benchmark flags are written "
              "--benchmark_NAME=VALUE)");
      }
   }
   std::vector<Target> targets;
   auto libraries = load_plugins(arguments, targets);
   for (const auto &target : targets) {
      register_benchmarks(target);
   }
   std::vector<std::string> argument_text{"memfrag bench"};
   argument_text.insert(argument_text.end(), flags.begin(), flags.end());
   std::vector<char *> argv;
   for (auto &text : argument_text) {
      argv.push_back(text.data());
   }
   int argc = static_cast<int>(argv.size());
   benchmark::Initialize(&argc, argv.data());
   if (benchmark::ReportUnrecognizedArguments(argc, argv.data())) {
      throw CommandExit{kExitBadInput};
   }
   benchmark::RunSpecifiedBenchmarks();
   benchmark::Shutdown();
}

} // namespace

void add_bench_command(CLI::App &app) {
   auto arguments = std::make_shared<BenchArguments>();
   CLI::App *command = app.add_subcommand(
       "bench", "Micro-benchmarks of plugins (Google Benchmark; --benchmark_* flags accepted)");
   command
       ->add_option("plugins", arguments->plugins,
                    "Plugins: library paths, built-in names, or LIB:ALLOCATOR")
       ->required();
   command->add_option("--frames", arguments->frames, "Frames in each benchmarked region")
       ->capture_default_str()
       ->check(CLI::Range(std::uint64_t{1024}, std::uint64_t{1} << 30));
   command->allow_extras();
   command->callback([arguments, command] { run_benchmarks(*arguments, command->remaining()); });
}

} // namespace memfrag::cli
