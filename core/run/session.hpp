// A session: the run matrix (plugins x workloads x seeds x repetitions), each run in its own
// child process with a time limit, assembled into one results document. A plugin that crashes,
// hangs or breaks the contract is reported and every other run still completes.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

#include "core/results/model.hpp"
#include "core/run/prepare.hpp"

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
   std::chrono::seconds time_limit{600}; // per run
   bool show_progress = false;           // progress line on stderr
   std::vector<std::string> command;     // the invocation, recorded in the document
   std::optional<ShardSelection> shard;  // run only this part of the matrix
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

// The cells of `options.shard`'s part (results::cell_in_shard), or all without a shard.
std::vector<MatrixCell> select_shard(const std::vector<MatrixCell> &cells,
                                     const SessionOptions &options);

// Runs `cells` of the matrix. Stops early on an interrupt: the document then holds the runs that
// completed and has complete == false.
results::Document run_session(const Preparation &preparation, const SessionOptions &options,
                              const std::vector<MatrixCell> &cells);

} // namespace memfrag::run
