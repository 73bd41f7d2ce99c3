// load_workload() and make_driver(): which kind of workload a reference names, and which
// driver runs it.
#include "core/workload/workload.hpp"

#include "core/workload/builtin_workloads.hpp"
#include "core/workload/generator_driver.hpp"
#include "core/workload/generator_workload.hpp"
#include "core/workload/lanes.hpp"
#include "core/workload/nic/nic_workload.hpp"
#include "core/workload/trace/trace_workload.hpp"

#include <filesystem>
#include <system_error>

namespace memfrag::workload {
namespace {

constexpr std::string_view kTracePrefix = "trace:";

bool names_a_file(const std::string &ref) {
   std::error_code ignored;
   return std::filesystem::exists(ref, ignored) || ref.ends_with(".toml");
}

// A file with a [nic] table is a NIC workload; any other is a generator's.
LoadedWorkload load_workload_file(const std::string &path, const std::vector<Override> &overrides) {
   const std::string text = read_workload_file(path);
   if (nic::declares_nic(parse_workload_toml(text, path))) {
      return nic::load_nic_text(text, path, overrides);
   }
   return load_generator_text(text, path, overrides);
}

} // namespace

LoadedWorkload load_workload(const std::string &ref, const std::vector<Override> &overrides) {
   if (ref.starts_with(kTracePrefix)) {
      auto workload = trace::load_trace_workload(ref.substr(kTracePrefix.size()), overrides);
      workload.ref = ref;
      return workload;
   }
   auto path = names_a_file(ref) ? ref : builtin_workload_path(ref);
   auto workload = load_workload_file(path, overrides);
   workload.ref = ref;
   return workload;
}

std::unique_ptr<Driver> make_driver(const LoadedWorkload &workload, std::uint64_t seed) {
   const std::string kind = workload.spec.resolved.value("kind", "");
   if (kind == "trace") {
      return trace::make_trace_driver(workload);
   }
   if (kind == "nic") {
      return nic::make_nic_workload_driver(workload, seed);
   }
   return make_generator_driver(generator_spec_from_json(workload.spec.resolved), seed);
}

bool splits_into_lanes(const LoadedWorkload &workload) {
   return workload.spec.resolved.value("kind", "") != "nic";
}

std::unique_ptr<Lanes> make_lanes(const LoadedWorkload &workload, std::uint64_t seed,
                                  std::uint32_t count) {
   const std::string kind = workload.spec.resolved.value("kind", "");
   if (kind == "trace") {
      return trace::make_trace_lanes(workload, count);
   }
   if (splits_into_lanes(workload)) {
      return make_generator_lanes(generator_spec_from_json(workload.spec.resolved), seed, count);
   }
   if (count != 1) {
      throw WorkloadError("workload '" + workload.spec.name + "' drives one NIC's rings and runs "
                          "on one worker thread; it cannot be split into " +
                          std::to_string(count) + " (use --threads 1)");
   }
   return std::make_unique<SingleLane>(make_driver(workload, seed));
}

} // namespace memfrag::workload
