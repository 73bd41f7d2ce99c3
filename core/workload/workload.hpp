// Workloads: loading a workload by built-in name or TOML path, with --set overrides, into a
// specification, and making the driver that produces its operation stream for one seed.
#pragma once

#include "core/plugin/params.hpp"
#include "core/workload/driver.hpp"

#include <cstdint>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <vector>

namespace memfrag::workload {

// A bad workload file, name or override. what() is one line (or a few for a TOML syntax
// error) naming the file, line and column, the key, what was expected, and for a mistyped key
// the nearest valid one.
class WorkloadError : public std::runtime_error {
 public:
   using std::runtime_error::runtime_error;
};

// `--set key=value` as the user typed it; key is dotted ("workload.ops").
struct Override {
   std::string key;
   std::string value;
};

// What the engine needs to know about any workload, whatever produces its operations.
struct Spec {
   std::string name;
   std::string description;
   std::uint64_t frames = 0;       // region size
   std::uint64_t ops = 0;          // operations to execute (a driver may end earlier)
   std::uint32_t max_order = 10;   // highest order in the host's free-block histogram
   std::uint32_t samples = 100;    // timeline samples over the run
   std::uint32_t cpus = 1;         // cpu indices the driver uses: [0, cpus)
   bool background_thread = false; // plugins' background work on a thread of its own
   nlohmann::json resolved;        // the whole specification, defaults and overrides applied
};

struct LoadedWorkload {
   Spec spec;
   std::string ref;    // as the user named it
   std::string path;   // file read
   std::string sha256; // of `spec.resolved` serialized canonically
   // Plugin parameter settings found in the file ([plugin.<allocator-id>] tables), per id.
   std::map<std::string, std::vector<plugin::ParamInput>> plugin_params;
};

struct BuiltinWorkload {
   std::string name;
   std::string description;
   std::string path;
};

// Built-in workloads found in the workload directories, sorted by name.
std::vector<BuiltinWorkload> builtin_workloads();

// Loads `ref`: a built-in name ("mixed-70") or a path to a TOML file. Overrides whose key
// starts with "workload." (or names a table of the workload, e.g. "phase.0.share") are applied;
// the caller passes only those. Throws WorkloadError.
LoadedWorkload load_workload(const std::string &ref, const std::vector<Override> &overrides);

// The driver producing the operation stream of `workload` for `seed`. Deterministic: the same
// workload, seed and sequence of allocation outcomes give the same operations.
std::unique_ptr<Driver> make_driver(const LoadedWorkload &workload, std::uint64_t seed);

// Whether the workload can be split into several lanes (a NIC harness drives one device's rings
// and cannot).
bool splits_into_lanes(const LoadedWorkload &workload);

// The operation stream of `workload` for `seed` split into `count` lanes (driver.hpp); one lane
// is make_driver()'s stream itself. Throws WorkloadError when the workload cannot be split.
std::unique_ptr<Lanes> make_lanes(const LoadedWorkload &workload, std::uint64_t seed,
                                  std::uint32_t count);

} // namespace memfrag::workload
