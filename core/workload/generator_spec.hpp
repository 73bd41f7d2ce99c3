// The validated description of a generator workload: what the [workload] and [[phase]] tables
// of a file say once defaults are filled in and overrides applied.
#pragma once

#include "core/workload/driver.hpp"

#include <array>
#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace memfrag::workload {

// Which live block a free op releases.
enum class Lifetime : std::uint8_t {
   random, // any live block, uniformly
   fifo,   // the oldest
   lifo,   // the newest
};

// What a phase does with its operations.
enum class PhaseKind : std::uint8_t {
   churn,            // allocate and free inside the occupancy band (with attempts and retries)
   drop_reclaimable, // one operation: the world drops every reclaimable block ("drop caches")
};

struct PhaseSpec {
   std::string name;
   PhaseKind kind = PhaseKind::churn;
   double share = 1.0;         // weight of the phase in workload.ops
   std::uint64_t ops = 0;      // operations of the phase, derived from the shares
   double occupancy_low = 0.0; // fractions of the region's frames
   double occupancy_high = 0.0;
   std::vector<std::uint64_t> order_weights;        // [order], up to the highest weighted order
   // Requests sized in frames or in bytes (size -> weight), drawn together with the orders: each
   // asks for ceil(bytes / 4096) frames, as a run from a plugin with the exact-size extension and
   // as the smallest order holding them from any other (include/memfrag/ext/exact.h).
   std::map<std::uint64_t, std::uint64_t> frame_weights;
   std::map<std::uint64_t, std::uint64_t> byte_weights;
   std::array<std::uint64_t, 3> mobility_weights{}; // [MEMFRAG_MOBILITY_*]
   double atomic = 0.0;                             // share of atomic requests
   double virt_ok = 0.0; // share of requests accepting a virtually contiguous block
   double high = 0.0;      // share of requests with MEMFRAG_REQ_HIGH (file-system RPC)
   double noreclaim = 0.0; // share of requests with MEMFRAG_REQ_NORECLAIM (buffer cache)
   double reread = 0.0;    // share of reclaimable requests re-reading data used before
   // A failed allocation is repeated, as the same request, up to this many times in a row (a
   // task looping until it succeeds); 0: never.
   std::uint64_t retry = 0;
   // Every attempt_every-th operation is an attempt at a movable block of attempt_order, held
   // until the phase ends (stress-highalloc's method); 0: no attempts.
   std::uint64_t attempt_every = 0;
   std::uint32_t attempt_order = 0;
   // Every burst_every-th operation starts a burst: burst_size consecutive requests of
   // burst_order with burst_mobility, atomic when burst_atomic (packets arriving together,
   // processes created); their blocks join the live ones. 0: no bursts.
   std::uint64_t burst_every = 0;
   std::uint64_t burst_size = 1;
   std::uint32_t burst_order = 0;
   std::uint32_t burst_mobility = 0; // MEMFRAG_MOBILITY_*, unmovable by default
   bool burst_atomic = false;
   Lifetime lifetime = Lifetime::random;
   Touch touch = Touch::none;
};

struct GeneratorSpec {
   std::string name;
   std::string description;
   std::uint64_t frames = 0;
   std::uint64_t ops = 0;
   std::uint32_t max_order = 10;
   std::uint32_t samples = 100;
   bool background_thread = false; // plugins' background work on its own thread, not inline
   std::vector<PhaseSpec> phases;
};

// Operations of each phase: workload.ops split in proportion to the shares, rounded so that
// every phase ends at floor(ops * shares so far / all shares) and the total is exact.
std::vector<std::uint64_t> split_ops(std::uint64_t ops, const std::vector<double> &shares);

// The resolved specification as JSON (kind "generator"), and back. The JSON is what results
// record and what the driver is made from.
nlohmann::json generator_spec_to_json(const GeneratorSpec &spec);
GeneratorSpec generator_spec_from_json(const nlohmann::json &resolved);

const char *lifetime_name(Lifetime lifetime);
const char *touch_name(Touch touch);
const char *phase_kind_name(PhaseKind kind);

} // namespace memfrag::workload
