// load_workload() and make_driver(): which kind of workload a reference names, and which
// driver runs it.
#include "core/workload/workload.hpp"

#include "core/workload/builtin_workloads.hpp"
#include "core/workload/generator_driver.hpp"
#include "core/workload/generator_workload.hpp"
#include "core/workload/lanes.hpp"
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

} // namespace

LoadedWorkload load_workload(const std::string &ref, const std::vector<Override> &overrides) {
   if (ref.starts_with(kTracePrefix)) {
      auto workload = trace::load_trace_workload(ref.substr(kTracePrefix.size()), overrides);
      workload.ref = ref;
      return workload;
   }
   auto path = names_a_file(ref) ? ref : builtin_workload_path(ref);
   auto workload = load_generator_file(path, overrides);
   workload.ref = ref;
   return workload;
}

std::unique_ptr<Driver> make_driver(const LoadedWorkload &workload, std::uint64_t seed) {
   if (workload.spec.resolved.value("kind", "") == "trace") {
      return trace::make_trace_driver(workload);
   }
   return make_generator_driver(generator_spec_from_json(workload.spec.resolved), seed);
}

std::unique_ptr<Lanes> make_lanes(const LoadedWorkload &workload, std::uint64_t seed,
                                  std::uint32_t count) {
   if (workload.spec.resolved.value("kind", "") == "trace") {
      return trace::make_trace_lanes(workload, count);
   }
   return make_generator_lanes(generator_spec_from_json(workload.spec.resolved), seed, count);
}

} // namespace memfrag::workload
