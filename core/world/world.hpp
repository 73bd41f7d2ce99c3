// The world: the owners of every live block (unmovable kernel objects, reclaimable page cache
// on an LRU list, movable user data, stitched blocks), the reverse map from frame to owner, and
// the services plugins call to reclaim, migrate and stitch (include/memfrag/ext/). Blocks can
// now be dropped or moved behind the workload's back, so the workload holds handles, resolved
// here when it frees them.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <unordered_set>
#include <vector>

#include "core/platform/region_memory.hpp"
#include "core/platform/virtual_window.hpp"
#include "core/plugin/instance.hpp"
#include "core/plugin/shadow_map.hpp"
#include "core/plugin/world_services.hpp"
#include "core/results/model.hpp"
#include "core/world/owners.hpp"

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
   World(plugin::ShadowMap &shadow, platform::RegionMemory &memory,
         std::uint32_t max_stitched_frames);

   // The instance whose free() the world calls; created with this world, so attached after.
   void attach(const plugin::Instance &instance);

   // Engine side, around each operation.
   void note_read(std::uint32_t flags, std::uint64_t data);
   void begin_alloc(const Request &request);
   // Ends the alloc() that returned `value`. False (with a violation recorded) when the value
   // breaks the stitching protocol.
   bool end_alloc(std::uint64_t value);
   BlockHandle adopt(std::uint64_t location, std::uint32_t order, std::uint32_t flags,
                     std::uint64_t data);
   Released release(BlockHandle handle);
   void begin_free(std::uint32_t cpu);
   // Ends a free() of `location`; checks a stitched block was unmapped by the plugin.
   void end_free(std::uint64_t location, std::uint32_t order);
   // Drops every reclaimable block (the workload's "drop caches"); returns the frames freed.
   std::uint64_t drop_reclaimable();
   // A deterministic point for background work: runs it when woken, due or unfinished.
   void background_point(std::uint64_t ops_done);

   std::byte *address_of(std::uint64_t location) const;
   // Where the block `handle` names lies now (first frame or stitched-block id); nullopt when
   // the handle names no live block (freed, dropped by reclaim, or never given).
   std::optional<std::uint64_t> location_of(BlockHandle handle) const;
   const std::optional<WorldViolation> &violation() const { return violation_; }
   const results::MitigationCounts &counts() const { return counts_; }
   void add_timing(results::RunTiming &timing) const;

   // plugin::WorldServices
   std::uint64_t reclaim(std::uint64_t frames) override;
   bool block_at(std::uint64_t frame, memfrag_block_info_t &out) override;
   std::uint64_t reclaim_frame(std::uint64_t frame) override;
   bool migrate(std::uint64_t from, std::uint64_t to) override;
   std::uint32_t max_stitched_frames() override { return window_.slot_frames(); }
   std::uint64_t map(std::span<const std::uint64_t> frames) override;
   std::uint32_t unmap(std::uint64_t id, std::span<std::uint64_t> frames) override;
   void wake() override { wake_ = true; }

 private:
   enum class Context : std::uint8_t { idle, alloc, free, background };

   struct Stitched {
      std::vector<std::uint64_t> frames; // empty: the slot holds no stitched block
   };

   bool may_reclaim();
   std::uint64_t evict(std::uint32_t slot);
   void free_to_plugin(std::uint64_t location, std::uint32_t order);
   void set_owner_of(const Owner &owner, std::uint32_t value);
   bool check_migration_target(std::uint64_t to, std::uint32_t order);
   bool map_allowed(std::span<const std::uint64_t> frames);
   bool fail(std::string kind, std::uint64_t frame, std::uint32_t order, std::string detail);
   Stitched *stitched(std::uint64_t id);

   plugin::ShadowMap &shadow_;
   platform::RegionMemory &memory_;
   platform::VirtualWindow window_;
   const plugin::Instance *instance_ = nullptr;
   const memfrag_ext_background_work_t *background_ = nullptr;
   std::uint32_t background_period_ = 0;

   Owners owners_;
   std::vector<std::uint32_t> owner_of_frame_; // slot + 1; 0: free
   std::vector<Stitched> stitched_;            // by window slot
   std::unordered_set<std::uint64_t> evicted_data_;

   Context context_ = Context::idle;
   Request request_;
   std::uint64_t pending_stitched_ = MEMFRAG_NO_FRAME; // mapped during the current alloc()
   bool wake_ = false;
   bool more_background_ = false;

   std::optional<WorldViolation> violation_;
   results::MitigationCounts counts_;
   std::uint64_t reclaim_ns_ = 0, migrate_ns_ = 0, vmap_ns_ = 0, background_cpu_ns_ = 0;
};

} // namespace memfrag::world
