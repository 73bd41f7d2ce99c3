// The run matrix of a document (plugins x workloads x seeds x repetitions) as the document
// records it: its identity, its size and where each run sits in it. Sharding (`memfrag run
// --shard K/N`) and merging the parts (`memfrag merge`) both rely on these, so that parts run
// on different machines can be checked to belong together.
#pragma once

#include "core/results/model.hpp"

#include <cstdint>
#include <optional>
#include <string>

namespace memfrag::results {

// SHA-256 over what defines the matrix: each plugin's key, id, version, file hash and resolved
// parameters, each workload's key and specification hash, the seeds and the repetitions.
// Paths and the environment are left out: the same matrix run on two machines has one identity.
std::string matrix_identity(const Document &document);

std::uint64_t matrix_cell_count(const Document &document);

// The run's cell in execution order (workload-major, then seed, repetition, plugin), or none
// when its plugin, workload, seed or repetition is not in the document's matrix.
std::optional<std::uint64_t> matrix_position(const Document &document, const RunResult &run);

// Whether cell `cell` belongs to part `index` (1-based) of `count`: cells are dealt round-robin,
// so that each part gets a share of every workload.
bool cell_in_shard(std::uint64_t cell, std::uint32_t index, std::uint32_t count);

} // namespace memfrag::results
