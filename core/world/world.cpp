#include "core/world/world.hpp"

#include "core/platform/clock.hpp"

#include <algorithm>
#include <cstring>

namespace memfrag::world {
namespace {

// A stitched block holds at least two frames, so no more of them than half the frames can live.
std::uint32_t window_slots(std::uint64_t frame_count) {
   return static_cast<std::uint32_t>(frame_count / 2);
}

std::uint64_t stitched_id(std::uint32_t slot) {
   return MEMFRAG_STITCHED_BIT | slot;
}

bool is_tracked(std::uint64_t location, std::uint32_t mobility) {
   return MEMFRAG_IS_STITCHED(location) || mobility != MEMFRAG_MOBILITY_UNMOVABLE;
}

// Restores a caller's context when a nested call returns.
template <typename T> class Restore {
 public:
   Restore(T &variable, T value) : variable_(variable), saved_(variable) { variable_ = value; }
   ~Restore() { variable_ = saved_; }
   Restore(const Restore &) = delete;
   Restore &operator=(const Restore &) = delete;

 private:
   T &variable_;
   T saved_;
};

} // namespace

World::World(plugin::ShadowMap &shadow, platform::RegionMemory &memory,
             std::uint32_t max_stitched_frames, std::uint32_t callers, bool concurrent)
    : shadow_(shadow), memory_(memory),
      window_(memory.file(), max_stitched_frames, window_slots(memory.frame_count())),
      concurrent_(concurrent), owner_of_frame_(memory.frame_count(), 0),
      stitched_(window_slots(memory.frame_count())),
      callers_(std::make_unique<Caller[]>(std::max<std::uint32_t>(1, callers))),
      caller_count_(std::max<std::uint32_t>(1, callers)) {
}

void World::attach(const plugin::Instance &instance) {
   instance_ = &instance;
   background_ = instance.background_work();
   if (background_ != nullptr) {
      background_period_ = background_->period_ops(instance.raw());
   }
}

// The caller holds the lock (or the world is not concurrent).
bool World::fail(std::string kind, std::uint64_t frame, std::uint32_t order, std::string detail) {
   if (!violation_) {
      violation_ = WorldViolation{std::move(kind), frame, order, std::move(detail)};
      violated_.store(true, std::memory_order_release);
   }
   return false;
}

std::optional<WorldViolation> World::violation() const {
   const std::unique_lock<std::mutex> guard =
       concurrent_ ? std::unique_lock<std::mutex>(mutex_) : std::unique_lock<std::mutex>();
   return violation_;
}

// ---- engine side -------------------------------------------------------------------------

void World::note_reclaimable_read(std::uint64_t data) {
   const auto guard = lock();
   if (evicted_data_.erase(data) != 0) {
      ++caller().counts.refaults;
   }
}

bool World::stitching_kept(std::uint64_t value, std::uint64_t pending) {
   const Caller &self = caller();
   if (MEMFRAG_IS_STITCHED(value) && value != pending) {
      const auto guard = lock();
      return fail("stitched-id-unknown", 0, self.request.order,
                  "alloc() returned a stitched-block id not mapped during the call");
   }
   if (pending != MEMFRAG_NO_FRAME && value != pending) {
      const auto guard = lock();
      return fail("stitched-block-not-returned", 0, self.request.order,
                  "alloc() mapped a stitched block but returned something else");
   }
   return true;
}

BlockHandle World::adopt(std::uint64_t location, std::uint32_t order, std::uint32_t flags,
                         std::uint64_t data) {
   const auto mobility = static_cast<std::uint8_t>(MEMFRAG_REQ_GET_MOBILITY(flags));
   if (!is_tracked(location, mobility)) {
      return untracked_handle(location, order);
   }
   Owner owner;
   owner.location = location;
   owner.order = order;
   owner.mobility = mobility;
   owner.data = data;
   const auto guard = lock();
   const std::uint32_t slot = owners_.add(owner);
   set_owner_of(owners_[slot], slot + 1);
   if (owner.mobility == MEMFRAG_MOBILITY_RECLAIMABLE) {
      owners_.lru_push(slot);
   }
   return owners_.handle_of(slot);
}

Released World::release(BlockHandle handle) {
   if ((handle & kUntrackedBit) != 0 && handle != MEMFRAG_NO_FRAME) {
      return {Released::Kind::live, handle & kUntrackedFrameMask,
              static_cast<std::uint32_t>((handle & ~kUntrackedBit) >> kUntrackedOrderShift)};
   }
   const auto guard = lock();
   const std::uint32_t slot = owners_.slot_of(handle);
   if (slot == Owners::kNone) {
      return {};
   }
   Owner &owner = owners_[slot];
   if (owner.state == OwnerState::dropped) {
      owners_.release(slot);
      ++caller().counts.frees_of_dropped_blocks;
      return {Released::Kind::dropped};
   }
   if (owner.mobility == MEMFRAG_MOBILITY_RECLAIMABLE) {
      owners_.lru_remove(slot);
   }
   set_owner_of(owner, 0);
   const Released released{Released::Kind::live, owner.location, owner.order};
   owners_.release(slot);
   return released;
}

BlockHandle World::run_handle(std::uint64_t first_frame) {
   return kUntrackedBit | kRunBit | first_frame;
}

void World::check_stitched_unmapped(std::uint64_t location, std::uint32_t order) {
   const auto guard = lock();
   if (stitched(location) != nullptr) {
      fail("stitched-block-not-unmapped", 0, order,
           "free() of a stitched block returned without unmapping it");
   }
}

std::uint64_t World::drop_reclaimable() {
   std::uint64_t frames = 0;
   for (;;) {
      Victim victim;
      {
         const auto guard = lock();
         if (owners_.lru_empty()) {
            break;
         }
         const std::uint32_t slot = owners_.lru_oldest();
         const Owner &owner = owners_[slot];
         victim = {owner.location, owner.order};
         owners_.lru_remove(slot);
         set_owner_of(owner, 0);
         owners_[slot].state = OwnerState::dropped;
      }
      free_to_plugin(victim.location, victim.order);
      frames += std::uint64_t{1} << victim.order;
   }
   caller().counts.frames_dropped_by_workload += frames;
   return frames;
}

void World::run_background() {
   wake_.store(false, std::memory_order_relaxed);
   Caller &self = caller();
   Restore<Context> scope(self.context, Context::background);
   const std::uint64_t start = platform::thread_cpu_ns();
   more_background_.store(background_->run(instance_->raw()), std::memory_order_relaxed);
   self.background_cpu_ns += platform::thread_cpu_ns() - start;
   ++self.counts.background_runs;
}

std::byte *World::address_of(std::uint64_t location) const {
   if (MEMFRAG_IS_STITCHED(location)) {
      return window_.address(static_cast<std::uint32_t>(location));
   }
   return memory_.frame_address(location);
}

std::optional<std::uint64_t> World::location_of(BlockHandle handle) const {
   if ((handle & kUntrackedBit) != 0 && handle != MEMFRAG_NO_FRAME) {
      return handle & kUntrackedFrameMask;
   }
   const std::unique_lock<std::mutex> guard =
       concurrent_ ? std::unique_lock<std::mutex>(mutex_) : std::unique_lock<std::mutex>();
   const std::uint32_t slot = owners_.slot_of(handle);
   if (slot == Owners::kNone || owners_[slot].state != OwnerState::live) {
      return std::nullopt;
   }
   return owners_[slot].location;
}

results::MitigationCounts World::counts() const {
   results::MitigationCounts sum;
   for (std::uint32_t index = 0; index < caller_count_; ++index) {
      sum += callers_[index].counts;
   }
   return sum;
}

void World::add_timing(results::RunTiming &timing) const {
   timing.reclaim_ns = timing.migrate_ns = timing.vmap_ns = timing.background_cpu_ns = 0;
   for (std::uint32_t index = 0; index < caller_count_; ++index) {
      const Caller &each = callers_[index];
      timing.reclaim_ns += each.reclaim_ns;
      timing.migrate_ns += each.migrate_ns;
      timing.vmap_ns += each.vmap_ns;
      timing.background_cpu_ns += each.background_cpu_ns;
   }
}

// ---- bookkeeping (under the lock) ----------------------------------------------------------

void World::set_owner_of(const Owner &owner, std::uint32_t value) {
   if (MEMFRAG_IS_STITCHED(owner.location)) {
      for (const std::uint64_t frame : stitched(owner.location)->frames) {
         owner_of_frame_[frame] = value;
      }
      return;
   }
   const std::uint64_t end = owner.location + (std::uint64_t{1} << owner.order);
   for (std::uint64_t frame = owner.location; frame < end; ++frame) {
      owner_of_frame_[frame] = value;
   }
}

World::Stitched *World::stitched(std::uint64_t id) {
   const auto slot = static_cast<std::uint32_t>(id);
   if (!MEMFRAG_IS_STITCHED(id) || slot >= stitched_.size() || stitched_[slot].frames.empty()) {
      return nullptr;
   }
   return &stitched_[slot];
}

World::Victim World::take_for_eviction(std::uint32_t slot) {
   Caller &self = caller();
   const Owner &owner = owners_[slot];
   if (owners_.lru_is_hot(slot)) {
      ++self.counts.hot_evictions;
   }
   owners_.lru_remove(slot);
   set_owner_of(owner, 0);
   owners_[slot].state = OwnerState::dropped;
   evicted_data_.insert(owner.data);
   ++self.counts.evictions;
   self.counts.frames_reclaimed += std::uint64_t{1} << owner.order;
   return {owner.location, owner.order};
}

// ---- outside the lock ----------------------------------------------------------------------

// Hands a block the world dropped back to the plugin, as a free() nested in the current call.
void World::free_to_plugin(std::uint64_t location, std::uint32_t order) {
   Caller &self = caller();
   {
      Restore<Context> scope(self.context, Context::free);
      instance_->free(location, order, self.request.cpu);
   }
   if (!MEMFRAG_IS_STITCHED(location)) {
      shadow_.mark_free(location, order, caller_index_);
      return;
   }
   const auto guard = lock();
   if (stitched(location) != nullptr) {
      fail("stitched-block-not-unmapped", 0, order,
           "free() of a stitched block returned without unmapping it");
   }
}

// ---- services ------------------------------------------------------------------------------

bool World::may_reclaim() {
   Caller &self = caller();
   const bool from_alloc = self.context == Context::alloc &&
                           (self.request.flags & (MEMFRAG_REQ_ATOMIC | MEMFRAG_REQ_NORECLAIM)) == 0;
   if (from_alloc || self.context == Context::background) {
      return true;
   }
   ++self.counts.refused_service_calls;
   return false;
}

std::uint64_t World::reclaim(std::uint64_t frames) {
   if (!may_reclaim()) {
      return 0;
   }
   Caller &self = caller();
   const std::uint64_t start = platform::wall_ns();
   ++self.counts.reclaim_calls;
   std::uint64_t freed = 0;
   while (freed < frames) {
      Victim victim;
      {
         const auto guard = lock();
         if (owners_.lru_empty()) {
            break;
         }
         victim = take_for_eviction(owners_.lru_oldest());
      }
      free_to_plugin(victim.location, victim.order);
      freed += std::uint64_t{1} << victim.order;
   }
   self.reclaim_ns += platform::wall_ns() - start;
   return freed;
}

bool World::block_at(std::uint64_t frame, memfrag_block_info_t &out) {
   if (frame >= owner_of_frame_.size()) {
      return false;
   }
   {
      const auto guard = lock();
      if (owner_of_frame_[frame] != 0) {
         const Owner &owner = owners_[owner_of_frame_[frame] - 1];
         const bool is_stitched = MEMFRAG_IS_STITCHED(owner.location);
         out.first_frame = is_stitched ? frame : owner.location;
         out.order = is_stitched ? 0 : owner.order;
         out.mobility = owner.mobility;
         out.stitched = is_stitched;
         return true;
      }
   }
   const auto covering = shadow_.live_block_covering(frame);
   if (!covering) {
      return false;
   }
   out.first_frame = covering->first;
   out.order = covering->second;
   out.mobility = MEMFRAG_MOBILITY_UNMOVABLE;
   out.stitched = false;
   return true;
}

std::uint64_t World::reclaim_frame(std::uint64_t frame) {
   if (!may_reclaim()) {
      return 0;
   }
   Caller &self = caller();
   ++self.counts.targeted_reclaim_calls;
   if (frame >= owner_of_frame_.size()) {
      return 0;
   }
   const std::uint64_t start = platform::wall_ns();
   Victim victim;
   {
      const auto guard = lock();
      const std::uint32_t slot = owner_of_frame_[frame];
      if (slot == 0 || owners_[slot - 1].mobility != MEMFRAG_MOBILITY_RECLAIMABLE) {
         return 0;
      }
      victim = take_for_eviction(slot - 1);
   }
   free_to_plugin(victim.location, victim.order);
   self.reclaim_ns += platform::wall_ns() - start;
   return std::uint64_t{1} << victim.order;
}

// Claims the destination in the shadow map at once, so no other thread can be handed it.
bool World::check_migration_target(std::uint64_t to, std::uint32_t order) {
   switch (shadow_.claim(to, order, caller_index_)) {
   case plugin::ContractBreach::none:
      return true;
   case plugin::ContractBreach::misaligned:
      return fail("migrate-misaligned", to, order, "migration target is not aligned to its order");
   case plugin::ContractBreach::overlap:
      return fail("migrate-overlap", to, order, "migration target is not free in the host's view");
   default:
      return fail("migrate-out-of-region", to, order, "migration target leaves the region");
   }
}

bool World::migrate(std::uint64_t from, std::uint64_t to) {
   if (!may_reclaim()) {
      return false;
   }
   Caller &self = caller();
   const auto guard = lock();
   const std::uint32_t slot =
       from < owner_of_frame_.size() ? owner_of_frame_[from] : std::uint32_t{0};
   if (slot == 0 || owners_[slot - 1].location != from ||
       owners_[slot - 1].mobility != MEMFRAG_MOBILITY_MOVABLE) {
      ++self.counts.failed_migrations;
      return false;
   }
   Owner &owner = owners_[slot - 1];
   if (!check_migration_target(to, owner.order)) {
      ++self.counts.failed_migrations;
      return false;
   }
   const std::uint64_t start = platform::wall_ns();
   std::memcpy(memory_.frame_address(to), memory_.frame_address(from),
               platform::kFrameSize << owner.order);
   set_owner_of(owner, 0);
   shadow_.mark_free(from, owner.order, caller_index_);
   owner.location = to;
   set_owner_of(owner, slot);
   self.migrate_ns += platform::wall_ns() - start;
   ++self.counts.migrations;
   self.counts.migrated_frames += std::uint64_t{1} << owner.order;
   return true;
}

bool World::map_allowed(std::span<const std::uint64_t> frames) {
   Caller &self = caller();
   const bool in_virt_ok_alloc =
       self.context == Context::alloc && (self.request.flags & MEMFRAG_REQ_VIRT_OK) != 0;
   if (!in_virt_ok_alloc || self.pending_stitched != MEMFRAG_NO_FRAME) {
      ++self.counts.refused_service_calls;
      return false;
   }
   return frames.size() == (std::size_t{1} << self.request.order) &&
          frames.size() <= window_.slot_frames();
}

// Under the lock: takes every frame in the shadow map, or none of them.
bool World::claim_stitched_frames(std::span<const std::uint64_t> frames) {
   for (std::size_t index = 0; index < frames.size(); ++index) {
      if (shadow_.claim(frames[index], 0, caller_index_) != plugin::ContractBreach::none) {
         for (std::size_t claimed = 0; claimed < index; ++claimed) {
            shadow_.mark_free(frames[claimed], 0, caller_index_);
         }
         return fail("stitch-frame-not-free", frames[index], 0,
                     "a frame given to map() is not a free frame of the region in the host's view");
      }
   }
   return true;
}

std::uint64_t World::map(std::span<const std::uint64_t> frames) {
   if (!map_allowed(frames)) {
      return MEMFRAG_NO_FRAME;
   }
   Caller &self = caller();
   const auto guard = lock();
   if (!window_.has_free_slot() || !claim_stitched_frames(frames)) {
      return MEMFRAG_NO_FRAME;
   }
   const std::uint64_t start = platform::wall_ns();
   const std::int64_t slot = window_.map(frames);
   self.vmap_ns += platform::wall_ns() - start;
   if (slot < 0) {
      for (const std::uint64_t frame : frames) {
         shadow_.mark_free(frame, 0, caller_index_);
      }
      return MEMFRAG_NO_FRAME;
   }
   const auto window_slot = static_cast<std::uint32_t>(slot);
   stitched_[window_slot].frames.assign(frames.begin(), frames.end());
   self.pending_stitched = stitched_id(window_slot);
   ++self.counts.stitched_blocks;
   self.counts.stitched_frames += frames.size();
   return self.pending_stitched;
}

std::uint32_t World::unmap(std::uint64_t id, std::span<std::uint64_t> frames) {
   Caller &self = caller();
   const auto guard = lock();
   Stitched *block = stitched(id);
   if (self.context != Context::free || block == nullptr) {
      ++self.counts.refused_service_calls;
      return 0;
   }
   const std::uint64_t start = platform::wall_ns();
   window_.unmap(static_cast<std::uint32_t>(id));
   self.vmap_ns += platform::wall_ns() - start;
   const auto count = static_cast<std::uint32_t>(block->frames.size());
   for (std::uint32_t index = 0; index < count; ++index) {
      if (index < frames.size()) {
         frames[index] = block->frames[index];
      }
      shadow_.mark_free(block->frames[index], 0, caller_index_);
   }
   block->frames.clear();
   return count;
}

} // namespace memfrag::world
