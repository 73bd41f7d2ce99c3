#include "core/workload/trace/trace_workload.hpp"

#include "core/support/sha256.hpp"
#include "core/workload/lanes.hpp"
#include "core/workload/trace/replay_driver.hpp"

#include <filesystem>

namespace memfrag::workload::trace {

namespace {

ReadOptions read_options(const ReplayOptions &options) {
   ReadOptions read;
   read.strict = options.strict;
   read.numbering = options.numbering;
   read.kernel = options.kernel;
   return read;
}

LoadedTrace load_or_throw(const std::string &path, const ReplayOptions &options) {
   try {
      return load_trace(path, read_options(options));
   } catch (const TraceReadError &error) {
      throw WorkloadError(std::string("trace workload: ") + error.what());
   }
}

// The region: the peak of live frames plus headroom, in whole blocks of the highest order so
// that a buddy allocator's top order tiles it.
std::uint64_t region_frames(const ReplayOptions &options, const ReplayPlan &plan) {
   if (options.frames != 0)
      return options.frames;
   const std::uint64_t top_block = std::uint64_t{1} << options.max_order;
   const auto wanted = static_cast<std::uint64_t>(static_cast<double>(plan.peak_live_frames) *
                                                  (1.0 + options.headroom));
   return std::max<std::uint64_t>(top_block, (wanted + top_block - 1) / top_block * top_block);
}

nlohmann::json describe_trace(const std::string &path, const LoadedTrace &trace,
                              const ReplayPlan &plan) {
   const TraceMetadata &metadata = trace.metadata;
   return {
       {"kind", "trace"},
       {"path", path},
       {"trace_sha256", support::sha256_file_hex(path)},
       {"container", trace.container},
       {"source", source_name(metadata.source)},
       {"kernel", metadata.kernel},
       {"migratetypes", numbering_name(metadata.numbering)},
       {"events", trace.events.size()},
       {"malformed_lines", metadata.malformed_lines},
       {"lost_events", metadata.lost_events},
       {"peak_live_frames", plan.peak_live_frames},
       {"unseen_frees", plan.unseen_frees},
       {"seeded_blocks", plan.seeds.size()},
       {"kernel_layout_known", metadata.free_frames_start.has_value()},
   };
}

} // namespace

LoadedWorkload load_trace_workload(const std::string &path,
                                   const std::vector<Override> &overrides) {
   ReplayOptions options = parse_replay_options(overrides);
   if (path != "-" && !std::filesystem::is_regular_file(path))
      throw WorkloadError("trace workload: " + path + ": no such file");
   if (path == "-")
      throw WorkloadError(
          "trace workload: replay reads its trace twice, so it needs a file, not stdin");
   const std::string absolute = std::filesystem::absolute(path).string();
   const LoadedTrace trace = load_or_throw(absolute, options);
   const ReplayPlan plan = plan_replay(trace.events, options.seed_unseen);
   if (options.name.empty())
      options.name = "trace:" + std::filesystem::path(path).filename().string();

   LoadedWorkload loaded;
   Spec &spec = loaded.spec;
   spec.name = options.name;
   spec.description = "replay of " + std::to_string(trace.events.size()) + " " +
                      source_name(trace.metadata.source) + " events";
   spec.frames = region_frames(options, plan);
   spec.ops = plan.expected_ops;
   spec.max_order = options.max_order;
   spec.samples = options.samples;
   spec.cpus = options.cpus;
   spec.resolved = describe_trace(absolute, trace, plan);
   spec.resolved["name"] = spec.name;
   spec.resolved["frames"] = spec.frames;
   spec.resolved["options"] = options_to_json(options);
   loaded.ref = "trace:" + path;
   loaded.path = absolute;
   loaded.sha256 = support::sha256_hex(spec.resolved.dump());
   return loaded;
}

std::unique_ptr<Lanes> make_trace_lanes(const LoadedWorkload &workload, std::uint32_t lanes) {
   const ReplayOptions options = options_from_json(workload.spec.resolved);
   LoadedTrace trace = load_or_throw(workload.spec.resolved.at("path").get<std::string>(), options);
   ReplayPlan plan = plan_replay(trace.events, options.seed_unseen);
   return std::make_unique<Replay>(std::move(trace), std::move(plan), options, lanes);
}

std::unique_ptr<Driver> make_trace_driver(const LoadedWorkload &workload) {
   return std::make_unique<LaneDriver>(make_trace_lanes(workload, 1));
}

} // namespace memfrag::workload::trace
