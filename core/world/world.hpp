// The world: the owners of every live block (unmovable kernel objects, reclaimable page cache
// on an LRU list, movable user data, stitched blocks), the reverse map from frame to owner, and
// the services plugins call to reclaim, migrate and stitch (include/memfrag/ext/). Blocks can
// now be dropped or moved behind the workload's back, so the workload holds handles, resolved
// here when it frees them.
//
// Only blocks the world can act upon have an owner record: reclaimable, movable and stitched
// ones. An unmovable block is never dropped or moved, so its handle names its frames directly
// and the reverse map finds it in the shadow map; adopting and freeing it touches nothing
// shared, which keeps worker threads of a multi-threaded run out of each other's way.
//
// Threads: with several workers, everything the world shares (owner records, LRU list, reverse
// map, stitched blocks, the first violation) is guarded by one mutex, never held while a plugin
// runs. Each thread that calls in (a worker, the background thread) binds its caller index first;
// what a call is allowed to do and what it costs is kept per caller.
#pragma once

#include "core/platform/region_memory.hpp"
#include "core/platform/virtual_window.hpp"
#include "core/plugin/instance.hpp"
#include "core/plugin/shadow_map.hpp"
#include "core/plugin/world_services.hpp"
#include "core/results/model.hpp"
#include "core/world/owners.hpp"

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <unordered_set>
#include <vector>

namespace memfrag::world {

// A broken rule of a service's contract (a destination that is not free, a stitched block not
// returned, ...): the run is invalid from there on.
struct WorldViolation {
   std::string kind;
   std::uint64_t frame = 0;
   std::uint32_t order = 0;
   std::string detail;
};

// What a free of a handle found.
struct Released {
   enum class Kind : std::uint8_t { live, dropped, unknown };
   Kind kind = Kind::unknown;
   std::uint64_t location = 0; // live only: first frame or stitched-block id
   std::uint32_t order = 0;
};

// The request the plugin is serving, which decides which services it may call.
struct Request {
   std::uint32_t order = 0;
   std::uint32_t flags = 0;
   std::uint32_t cpu = 0;
};

class World final : public plugin::WorldServices {
 public:
   // `shadow` and `memory` are the run's; `max_stitched_frames` bounds one stitched block.
   // `callers` threads may call in, each after bind_caller() with its own index; the world
   // locks its shared state when `concurrent` (more than one worker thread). The shadow map
   // must have a writer per caller.
   World(plugin::ShadowMap &shadow, platform::RegionMemory &memory,
         std::uint32_t max_stitched_frames, std::uint32_t callers = 1, bool concurrent = false);

   // The instance whose free() the world calls; created with this world, so attached after.
   void attach(const plugin::Instance &instance);
   // The calling thread is caller `index` from now on (the default for every thread: 0).
   static void bind_caller(std::uint32_t index) { caller_index_ = index; }

   // Before the run, while no block is live: room for `blocks` owner records, so that the
   // run's timed loop does not grow the table.
   void prepare_owners(std::size_t blocks) { owners_.prepare(blocks); }

   // Engine side, around each operation.
   // These run around every operation: inline, the common case costs a branch or two.
   void note_read(std::uint32_t flags, std::uint64_t data) {
      if (MEMFRAG_REQ_GET_MOBILITY(flags) == MEMFRAG_MOBILITY_RECLAIMABLE) {
         note_reclaimable_read(data);
      }
   }
   void begin_alloc(const Request &request) {
      Caller &self = caller();
      self.context = Context::alloc;
      self.request = request;
      self.pending_stitched = MEMFRAG_NO_FRAME;
   }
   // Ends the alloc() that returned `value`. False (with a violation recorded) when the value
   // breaks the stitching protocol.
   bool end_alloc(std::uint64_t value) {
      Caller &self = caller();
      self.context = Context::idle;
      const std::uint64_t pending = self.pending_stitched;
      self.pending_stitched = MEMFRAG_NO_FRAME;
      return (!MEMFRAG_IS_STITCHED(value) && pending == MEMFRAG_NO_FRAME) ||
             stitching_kept(value, pending);
   }
   BlockHandle adopt(std::uint64_t location, std::uint32_t order, std::uint32_t flags,
                     std::uint64_t data);
   Released release(BlockHandle handle);
   // A run (ext/exact.h) starting at `first_frame`: kept like an unmovable block, without an
   // owner record (the world neither drops nor moves runs); its length is the shadow map's.
   static BlockHandle run_handle(std::uint64_t first_frame);
   // The first frame of the run `handle` names, when it is a run_handle(); nothing otherwise.
   static std::optional<std::uint64_t> run_of(BlockHandle handle) {
      constexpr BlockHandle kRunMarks = kUntrackedBit | kRunBit;
      if (handle == MEMFRAG_NO_FRAME || (handle & kRunMarks) != kRunMarks) {
         return std::nullopt;
      }
      return handle & kUntrackedFrameMask;
   }
   void begin_free(std::uint32_t cpu) {
      Caller &self = caller();
      self.context = Context::free;
      self.request.cpu = cpu;
   }
   // Ends a free() of `location`; checks a stitched block was unmapped by the plugin.
   void end_free(std::uint64_t location, std::uint32_t order) {
      caller().context = Context::idle;
      if (MEMFRAG_IS_STITCHED(location)) {
         check_stitched_unmapped(location, order);
      }
   }
   // Drops every reclaimable block (the workload's "drop caches"); returns the frames freed.
   std::uint64_t drop_reclaimable();

   // Background work (ext/background.h).
   bool has_background() const { return background_ != nullptr; }
   // Host operations between two unprompted passes; 0 for none.
   std::uint32_t background_period() const { return background_period_; }
   // Woken since the last pass, or the last pass left work to do.
   bool background_wanted() const {
      return more_background_.load(std::memory_order_relaxed) ||
             wake_.load(std::memory_order_relaxed);
   }
   // Runs one pass of the plugin's background work; the caller guarantees that no alloc() or
   // free() of the instance runs meanwhile.
   void run_background();
   // Inline mode, after each operation of a single-threaded run: a pass when the period is
   // reached, or when wanted.
   void background_point(std::uint64_t ops_done) {
      if (background_ != nullptr &&
          ((background_period_ != 0 && ops_done % background_period_ == 0) ||
           background_wanted())) {
         run_background();
      }
   }

   std::byte *address_of(std::uint64_t location) const;
   // Where the block `handle` names lies now (first frame or stitched-block id); nullopt when
   // the handle names no live block (freed, dropped by reclaim, or never given). An unmovable
   // block's handle names its frames: asked after its free, it still answers them.
   std::optional<std::uint64_t> location_of(BlockHandle handle) const;
   // Cheap enough to ask after every operation.
   bool violated() const { return violated_.load(std::memory_order_acquire); }
   std::optional<WorldViolation> violation() const;
   // Summed over the callers.
   results::MitigationCounts counts() const;
   void add_timing(results::RunTiming &timing) const;

   // plugin::WorldServices
   std::uint64_t reclaim(std::uint64_t frames) override;
   bool block_at(std::uint64_t frame, memfrag_block_info_t &out) override;
   std::uint64_t reclaim_frame(std::uint64_t frame) override;
   bool migrate(std::uint64_t from, std::uint64_t to) override;
   std::uint32_t max_stitched_frames() override { return window_.slot_frames(); }
   std::uint64_t map(std::span<const std::uint64_t> frames) override;
   std::uint32_t unmap(std::uint64_t id, std::span<std::uint64_t> frames) override;
   void wake() override { wake_.store(true, std::memory_order_relaxed); }

 private:
   enum class Context : std::uint8_t { idle, alloc, free, background };

   // What one calling thread is doing and what its calls cost, on cache lines of its own.
   struct alignas(64) Caller {
      Context context = Context::idle;
      Request request;
      std::uint64_t pending_stitched = MEMFRAG_NO_FRAME; // mapped during the current alloc()
      results::MitigationCounts counts;
      std::uint64_t reclaim_ns = 0, migrate_ns = 0, vmap_ns = 0, background_cpu_ns = 0;
   };

   struct Stitched {
      std::vector<std::uint64_t> frames; // empty: the slot holds no stitched block
   };

   // A block taken from its owner under the lock, handed back to the plugin after it.
   struct Victim {
      std::uint64_t location = 0;
      std::uint32_t order = 0;
   };

   // Handles of unmovable blocks carry the block itself: bit 63 set, the order in bits 56..61
   // and the first frame below. Owner handles never have bit 63 set (owners.hpp). Run handles
   // are untracked handles with bit 62 set, which no order sets: the frame mask finds their
   // frame too.
   static constexpr BlockHandle kUntrackedBit = std::uint64_t{1} << 63;
   static constexpr unsigned kUntrackedOrderShift = 56;
   static constexpr BlockHandle kUntrackedFrameMask =
       (std::uint64_t{1} << kUntrackedOrderShift) - 1;
   static constexpr BlockHandle kRunBit = std::uint64_t{1} << 62;
   static BlockHandle untracked_handle(std::uint64_t frame, std::uint32_t order) {
      return kUntrackedBit | std::uint64_t{order} << kUntrackedOrderShift | frame;
   }

   // The calling thread's index, set by bind_caller().
   static inline thread_local std::uint32_t caller_index_ = 0;

   Caller &caller() { return callers_[caller_index_]; }
   void note_reclaimable_read(std::uint64_t data);
   // The slow part of end_alloc(): false, with a violation, when the value returned breaks the
   // stitching protocol.
   bool stitching_kept(std::uint64_t value, std::uint64_t pending);
   void check_stitched_unmapped(std::uint64_t location, std::uint32_t order);
   std::unique_lock<std::mutex> lock() {
      return concurrent_ ? std::unique_lock<std::mutex>(mutex_) : std::unique_lock<std::mutex>();
   }
   bool may_reclaim();
   Victim take_for_eviction(std::uint32_t slot);
   void free_victims(const std::vector<Victim> &victims);
   void free_to_plugin(std::uint64_t location, std::uint32_t order);
   void set_owner_of(const Owner &owner, std::uint32_t value);
   bool check_migration_target(std::uint64_t to, std::uint32_t order);
   bool map_allowed(std::span<const std::uint64_t> frames);
   bool claim_stitched_frames(std::span<const std::uint64_t> frames);
   bool fail(std::string kind, std::uint64_t frame, std::uint32_t order, std::string detail);
   Stitched *stitched(std::uint64_t id);

   plugin::ShadowMap &shadow_;
   platform::RegionMemory &memory_;
   platform::VirtualWindow window_;
   const plugin::Instance *instance_ = nullptr;
   const memfrag_ext_background_work_t *background_ = nullptr;
   std::uint32_t background_period_ = 0;
   const bool concurrent_;
   mutable std::mutex mutex_;

   Owners owners_;
   std::vector<std::uint32_t> owner_of_frame_; // slot + 1; 0: free or an unmovable block
   std::vector<Stitched> stitched_;            // by window slot
   std::unordered_set<std::uint64_t> evicted_data_;
   std::unique_ptr<Caller[]> callers_;
   std::uint32_t caller_count_;

   std::atomic<bool> wake_{false};
   // Read by every worker thread between operations, written by the pass.
   std::atomic<bool> more_background_{false};

   std::atomic<bool> violated_{false};
   std::optional<WorldViolation> violation_;
};

} // namespace memfrag::world
