// A session: the run matrix (plugins x workloads x seeds x repetitions), each run in its own
// child process with a time limit, assembled into one results document. A plugin that crashes,
// hangs or breaks the contract is reported and every other run still completes.
#pragma once

#include "core/platform/backing.hpp"
#include "core/results/model.hpp"
#include "core/run/placement.hpp"
#include "core/run/prepare.hpp"

#include <chrono>
#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace memfrag::run {

// Part `index` (1-based) of `count`: `memfrag run --shard K/N`.
struct ShardSelection {
   std::uint32_t index = 1;
   std::uint32_t count = 1;
};

struct SessionOptions {
   std::vector<std::uint64_t> seeds{1};
   std::uint32_t repeat = 1; // runs per seed; repetitions use the same seed
   bool check = true;
   std::chrono::seconds time_limit{600};  // per run
   bool show_progress = false;            // progress line on stderr
   std::vector<std::string> command;      // the invocation, recorded in the document
   std::optional<ShardSelection> shard{}; // run only this part of the matrix
   platform::BackingRequest backing;      // of every run's region, "auto" already resolved
   std::string backing_asked = "4k";      // as the user asked, recorded in each run
   // Degraded or noisy setup, shown on stderr by the front end and recorded in the environment.
   std::vector<std::string> warnings;
   nlohmann::json hugepage_reservation;  // what was reserved for the session; null when nothing
   Placement placement;                  // of every run: worker CPUs, memory node
   bool contiguity = false;              // check blocks' physical contiguity (backing prefaulted
                                         // and locked for it)
};

// One cell of the matrix.
struct MatrixCell {
   std::size_t plugin = 0;   // index into Preparation::plugins
   std::size_t workload = 0; // index into Preparation::workloads
   std::uint64_t seed = 0;
   std::uint32_t repetition = 0;
};

// The matrix in execution order: workload-major, then seed, repetition, plugin, so that plugins
// compared side by side run close together in time.
std::vector<MatrixCell> expand_matrix(const Preparation &preparation,
                                      const SessionOptions &options);

// Where the session is, for a front end that shows progress its own way (the Python module).
struct SessionProgress {
   std::size_t run_index = 0; // into the cells being run
   std::size_t run_count = 0;
   std::string run; // "<plugin> x <workload> seed <seed> #<repetition>"
   std::uint64_t ops_done = 0;
   std::uint64_t expected_ops = 0;
};
using ProgressCallback = std::function<void(const SessionProgress &)>;

// The cells of `options.shard`'s part (results::cell_in_shard), or all without a shard.
std::vector<MatrixCell> select_shard(const std::vector<MatrixCell> &cells,
                                     const SessionOptions &options);

// Runs `cells` of the matrix. Stops early on an interrupt: the document then holds the runs that
// completed and has complete == false. `on_progress`, when set, is called in this process about
// ten times a second while a run executes; it may request an interrupt to stop the session.
results::Document run_session(const Preparation &preparation, const SessionOptions &options,
                              const std::vector<MatrixCell> &cells,
                              const ProgressCallback &on_progress = {});

} // namespace memfrag::run
