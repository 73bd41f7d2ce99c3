// What the engine executes: a stream of operations produced by a workload driver (generator,
// scenario, trace replay, NIC harness), which also learns each allocation's outcome because the
// stream depends on it (a failed allocation leaves nothing to free later).
#pragma once

#include "core/results/model.hpp"

#include <cstddef>
#include <cstdint>

namespace memfrag::workload {

enum class Touch : std::uint8_t {
   none,       // never write the block
   first_line, // write the first cache line of the block
   whole,      // write every byte of the block
};

// What the engine hands a driver for a block it allocated: an opaque handle the driver passes
// back to free the block, wherever the world has moved it by then. kNoBlock for a failure.
using BlockHandle = std::uint64_t;
inline constexpr BlockHandle kNoBlock = UINT64_MAX;

struct Op {
   // drop_reclaimable: the world drops every block of reclaimable data (the workload's "drop
   // caches"); order, flags and block are unused. wait: nothing to do yet, ask again (a lane
   // waiting for a block another lane allocates); not an operation, never counted.
   enum class Kind : std::uint8_t { alloc, free, drop_reclaimable, wait };
   Kind kind = Kind::alloc;
   std::uint32_t order = 0;
   std::uint32_t flags = 0; // MEMFRAG_REQ_* (alloc only)
   std::uint32_t cpu = 0;
   std::uint32_t phase = 0; // index of the workload phase the op belongs to
   BlockHandle block = 0; // free only: the handle allocated() received for the block
   Touch touch = Touch::none; // alloc only: how to touch the block after it is handed out
   // alloc only: identity of the data a reclaimable block holds; reading data again that
   // reclaim evicted counts a refault.
   std::uint64_t data = 0;
   // alloc only: a request sized in bytes (a workload's `bytes` or `frames`, 4096 bytes a
   // frame), then `order` is the smallest order whose block holds them; 0 for an order request.
   // The engine asks a plugin with the exact-size extension (ext/exact.h) for a run of
   // ceil(bytes / 4096) frames instead of the block.
   std::uint64_t bytes = 0;
};

// Where the bytes of the blocks a driver holds are, for a driver that hands them to a device
// (the NIC harness puts their addresses in descriptors and the device writes into them). The
// engine implements it over the run's region and world.
class BlockMemory {
 public:
   virtual ~BlockMemory() = default;
   // The first byte of the block `block` names, in this process (inside the region, or the
   // virtual window of a stitched block); nullptr when the handle names no live block. Stable
   // while the block lives, as long as it is unmovable.
   virtual std::byte *address_of(BlockHandle block) const = 0;
   // The region: its first frame's address and its size in frames.
   virtual std::byte *region_base() const = 0;
   virtual std::uint64_t region_frames() const = 0;
};

class Driver {
 public:
   virtual ~Driver() = default;
   // Fills `op` with the next operation; returns false when the workload is finished.
   virtual bool next(Op &op) = 0;
   // Reports the outcome of the alloc `op` just returned by next(): the block's handle, or
   // kNoBlock when it failed. Called once per alloc op, before the next call to next(). The
   // world may drop or move the block later: the handle stays what a free op names.
   virtual void allocated(const Op &op, BlockHandle block) = 0;
   // Operations the driver expects to produce, for progress display; 0 when unknown.
   virtual std::uint64_t expected_ops() const = 0;
   // Adds what the driver itself measured (workload_figures, reference_timeline) to the run's
   // counts once the stream has ended. Must be deterministic.
   virtual void report(results::RunCounts &counts) const = 0;

   // Gives the driver the memory of its blocks, once, before the first next(); `memory`
   // outlives the driver. Only drivers that read or hand out their blocks' bytes use it.
   virtual void bind_memory(BlockMemory & /*memory*/) {}
   // Adds what the driver timed itself (named latency summaries) to the run's timing once the
   // stream has ended; not deterministic. Drivers that time nothing add nothing.
   virtual void report_timing(results::RunTiming & /*timing*/) const {}
};

// A workload's operations split into lanes, one per worker thread of a multi-threaded run: lane
// i is driven by worker i alone, which calls next() and allocated() of lane(i) only, with cpu
// index i in every operation. Lanes may depend on each other (a traced free on one CPU of a block
// allocated on another): a lane that must wait for another returns Op::Kind::wait.
class Lanes {
 public:
   virtual ~Lanes() = default;
   virtual std::uint32_t count() const = 0;
   virtual Driver &lane(std::uint32_t index) = 0;
   // Operations of all lanes together, for progress display; 0 when unknown.
   virtual std::uint64_t expected_ops() const = 0;
   // As Driver::report, for the whole workload, once every lane has ended.
   virtual void report(results::RunCounts &counts) const = 0;
   // As Driver::report_timing, for the whole workload.
   virtual void report_timing(results::RunTiming & /*timing*/) const {}
};

} // namespace memfrag::workload
