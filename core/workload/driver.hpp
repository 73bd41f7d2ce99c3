// What the engine executes: a stream of operations produced by a workload driver (generator,
// scenario, trace replay, NIC harness), which also learns each allocation's outcome because the
// stream depends on it (a failed allocation leaves nothing to free later).
#pragma once

#include <cstdint>

#include "core/results/model.hpp"

namespace memfrag::workload {

enum class Touch : std::uint8_t {
   none,       // never write the block
   first_line, // write the first cache line of the block
   whole,      // write every byte of the block
};

struct Op {
   enum class Kind : std::uint8_t { alloc, free };
   Kind kind = Kind::alloc;
   std::uint32_t order = 0;
   std::uint32_t flags = 0; // MEMFRAG_REQ_* (alloc only)
   std::uint32_t cpu = 0;
   std::uint32_t phase = 0; // index of the workload phase the op belongs to
   std::uint64_t frame = 0; // free only: first frame of the block, as alloc() returned it
   Touch touch = Touch::none; // alloc only: how to touch the block after it is handed out
};

class Driver {
 public:
   virtual ~Driver() = default;
   // Fills `op` with the next operation; returns false when the workload is finished.
   virtual bool next(Op &op) = 0;
   // Reports the outcome of the alloc `op` just returned by next(): the block's first frame, or
   // MEMFRAG_NO_FRAME when it failed. Called once per alloc op, before the next call to next().
   virtual void allocated(const Op &op, std::uint64_t frame) = 0;
   // Operations the driver expects to produce, for progress display; 0 when unknown.
   virtual std::uint64_t expected_ops() const = 0;
   // Adds what the driver itself measured (workload_figures, reference_timeline) to the run's
   // counts once the stream has ended. Must be deterministic.
   virtual void report(results::RunCounts &counts) const = 0;
};

} // namespace memfrag::workload
