#include "core/world/world.hpp"

#include <cstring>

#include "core/platform/clock.hpp"

namespace memfrag::world {
namespace {

// A stitched block holds at least two frames, so no more of them than half the frames can live.
std::uint32_t window_slots(std::uint64_t frame_count) {
   return static_cast<std::uint32_t>(frame_count / 2);
}

std::uint64_t stitched_id(std::uint32_t slot) {
   return MEMFRAG_STITCHED_BIT | slot;
}

// Restores the world's context when a nested call returns.
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
             std::uint32_t max_stitched_frames)
    : shadow_(shadow), memory_(memory),
      window_(memory.file(), max_stitched_frames, window_slots(memory.frame_count())),
      owner_of_frame_(memory.frame_count(), 0), stitched_(window_slots(memory.frame_count())) {}

void World::attach(const plugin::Instance &instance) {
   instance_ = &instance;
   background_ = instance.background_work();
   if (background_ != nullptr) {
      background_period_ = background_->period_ops(instance.raw());
   }
}

bool World::fail(std::string kind, std::uint64_t frame, std::uint32_t order, std::string detail) {
   if (!violation_) {
      violation_ = WorldViolation{std::move(kind), frame, order, std::move(detail)};
   }
   return false;
}

// ---- engine side -------------------------------------------------------------------------

void World::note_read(std::uint32_t flags, std::uint64_t data) {
   if (MEMFRAG_REQ_GET_MOBILITY(flags) == MEMFRAG_MOBILITY_RECLAIMABLE &&
       evicted_data_.erase(data) != 0) {
      ++counts_.refaults;
   }
}

void World::begin_alloc(const Request &request) {
   context_ = Context::alloc;
   request_ = request;
   pending_stitched_ = MEMFRAG_NO_FRAME;
}

bool World::end_alloc(std::uint64_t value) {
   context_ = Context::idle;
   const std::uint64_t pending = pending_stitched_;
   pending_stitched_ = MEMFRAG_NO_FRAME;
   if (MEMFRAG_IS_STITCHED(value) && value != pending) {
      return fail("stitched-id-unknown", 0, request_.order,
                  "alloc() returned a stitched-block id not mapped during the call");
   }
   if (pending != MEMFRAG_NO_FRAME && value != pending) {
      return fail("stitched-block-not-returned", 0, request_.order,
                  "alloc() mapped a stitched block but returned something else");
   }
   return true;
}

BlockHandle World::adopt(std::uint64_t location, std::uint32_t order, std::uint32_t flags,
                         std::uint64_t data) {
   Owner owner;
   owner.location = location;
   owner.order = order;
   owner.mobility = static_cast<std::uint8_t>(MEMFRAG_REQ_GET_MOBILITY(flags));
   owner.data = data;
   const std::uint32_t slot = owners_.add(owner);
   set_owner_of(owners_[slot], slot + 1);
   if (owner.mobility == MEMFRAG_MOBILITY_RECLAIMABLE) {
      owners_.lru_push(slot);
   }
   return owners_.handle_of(slot);
}

Released World::release(BlockHandle handle) {
   const std::uint32_t slot = owners_.slot_of(handle);
   if (slot == Owners::kNone) {
      return {};
   }
   Owner &owner = owners_[slot];
   if (owner.state == OwnerState::dropped) {
      owners_.release(slot);
      ++counts_.frees_of_dropped_blocks;
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

void World::begin_free(std::uint32_t cpu) {
   context_ = Context::free;
   request_.cpu = cpu;
}

void World::end_free(std::uint64_t location, std::uint32_t order) {
   context_ = Context::idle;
   if (MEMFRAG_IS_STITCHED(location) && stitched(location) != nullptr) {
      fail("stitched-block-not-unmapped", 0, order,
           "free() of a stitched block returned without unmapping it");
   }
}

std::uint64_t World::drop_reclaimable() {
   std::uint64_t frames = 0;
   while (!owners_.lru_empty()) {
      const std::uint32_t slot = owners_.lru_oldest();
      const Owner owner = owners_[slot];
      owners_.lru_remove(slot);
      set_owner_of(owner, 0);
      owners_[slot].state = OwnerState::dropped;
      free_to_plugin(owner.location, owner.order);
      frames += std::uint64_t{1} << owner.order;
   }
   counts_.frames_dropped_by_workload += frames;
   return frames;
}

void World::background_point(std::uint64_t ops_done) {
   if (background_ == nullptr) {
      return;
   }
   const bool periodic = background_period_ != 0 && ops_done % background_period_ == 0;
   if (!wake_ && !more_background_ && !periodic) {
      return;
   }
   wake_ = false;
   Restore<Context> scope(context_, Context::background);
   const std::uint64_t start = platform::thread_cpu_ns();
   more_background_ = background_->run(instance_->raw());
   background_cpu_ns_ += platform::thread_cpu_ns() - start;
   ++counts_.background_runs;
}

std::byte *World::address_of(std::uint64_t location) const {
   if (MEMFRAG_IS_STITCHED(location)) {
      return window_.address(static_cast<std::uint32_t>(location));
   }
   return memory_.frame_address(location);
}

std::optional<std::uint64_t> World::location_of(BlockHandle handle) const {
   const std::uint32_t slot = owners_.slot_of(handle);
   if (slot == Owners::kNone || owners_[slot].state != OwnerState::live) {
      return std::nullopt;
   }
   return owners_[slot].location;
}

void World::add_timing(results::RunTiming &timing) const {
   timing.reclaim_ns = reclaim_ns_;
   timing.migrate_ns = migrate_ns_;
   timing.vmap_ns = vmap_ns_;
   timing.background_cpu_ns = background_cpu_ns_;
}

// ---- bookkeeping ---------------------------------------------------------------------------

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

// Hands a block the world dropped back to the plugin, as a free() nested in the current call.
void World::free_to_plugin(std::uint64_t location, std::uint32_t order) {
   {
      Restore<Context> scope(context_, Context::free);
      instance_->free(location, order, request_.cpu);
   }
   if (MEMFRAG_IS_STITCHED(location)) {
      end_free(location, order);
      return;
   }
   shadow_.mark_free(location, order);
}

// ---- services ------------------------------------------------------------------------------

bool World::may_reclaim() {
   const bool from_alloc =
       context_ == Context::alloc &&
       (request_.flags & (MEMFRAG_REQ_ATOMIC | MEMFRAG_REQ_NORECLAIM)) == 0;
   if (from_alloc || context_ == Context::background) {
      return true;
   }
   ++counts_.refused_service_calls;
   return false;
}

std::uint64_t World::evict(std::uint32_t slot) {
   const Owner owner = owners_[slot];
   if (owners_.lru_is_hot(slot)) {
      ++counts_.hot_evictions;
   }
   owners_.lru_remove(slot);
   set_owner_of(owner, 0);
   owners_[slot].state = OwnerState::dropped;
   evicted_data_.insert(owner.data);
   ++counts_.evictions;
   free_to_plugin(owner.location, owner.order);
   const std::uint64_t frames = std::uint64_t{1} << owner.order;
   counts_.frames_reclaimed += frames;
   return frames;
}

std::uint64_t World::reclaim(std::uint64_t frames) {
   if (!may_reclaim()) {
      return 0;
   }
   const std::uint64_t start = platform::wall_ns();
   ++counts_.reclaim_calls;
   std::uint64_t freed = 0;
   while (freed < frames && !owners_.lru_empty()) {
      freed += evict(owners_.lru_oldest());
   }
   reclaim_ns_ += platform::wall_ns() - start;
   return freed;
}

bool World::block_at(std::uint64_t frame, memfrag_block_info_t &out) {
   if (frame >= owner_of_frame_.size() || owner_of_frame_[frame] == 0) {
      return false;
   }
   const Owner &owner = owners_[owner_of_frame_[frame] - 1];
   const bool is_stitched = MEMFRAG_IS_STITCHED(owner.location);
   out.first_frame = is_stitched ? frame : owner.location;
   out.order = is_stitched ? 0 : owner.order;
   out.mobility = owner.mobility;
   out.stitched = is_stitched;
   return true;
}

std::uint64_t World::reclaim_frame(std::uint64_t frame) {
   if (!may_reclaim()) {
      return 0;
   }
   ++counts_.targeted_reclaim_calls;
   if (frame >= owner_of_frame_.size() || owner_of_frame_[frame] == 0) {
      return 0;
   }
   const std::uint32_t slot = owner_of_frame_[frame] - 1;
   if (owners_[slot].mobility != MEMFRAG_MOBILITY_RECLAIMABLE) {
      return 0;
   }
   const std::uint64_t start = platform::wall_ns();
   const std::uint64_t freed = evict(slot);
   reclaim_ns_ += platform::wall_ns() - start;
   return freed;
}

bool World::check_migration_target(std::uint64_t to, std::uint32_t order) {
   switch (shadow_.check_alloc(to, order)) {
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
   const std::uint32_t slot =
       from < owner_of_frame_.size() ? owner_of_frame_[from] : std::uint32_t{0};
   if (slot == 0 || owners_[slot - 1].location != from ||
       owners_[slot - 1].mobility != MEMFRAG_MOBILITY_MOVABLE) {
      ++counts_.failed_migrations;
      return false;
   }
   Owner &owner = owners_[slot - 1];
   if (!check_migration_target(to, owner.order)) {
      ++counts_.failed_migrations;
      return false;
   }
   const std::uint64_t start = platform::wall_ns();
   std::memcpy(memory_.frame_address(to), memory_.frame_address(from),
               platform::kFrameSize << owner.order);
   set_owner_of(owner, 0);
   shadow_.mark_free(from, owner.order);
   owner.location = to;
   shadow_.mark_allocated(to, owner.order);
   set_owner_of(owner, slot);
   migrate_ns_ += platform::wall_ns() - start;
   ++counts_.migrations;
   counts_.migrated_frames += std::uint64_t{1} << owner.order;
   return true;
}

bool World::map_allowed(std::span<const std::uint64_t> frames) {
   const bool in_virt_ok_alloc =
       context_ == Context::alloc && (request_.flags & MEMFRAG_REQ_VIRT_OK) != 0;
   if (!in_virt_ok_alloc || pending_stitched_ != MEMFRAG_NO_FRAME) {
      ++counts_.refused_service_calls;
      return false;
   }
   return frames.size() == (std::size_t{1} << request_.order) &&
          frames.size() <= window_.slot_frames() && window_.has_free_slot();
}

std::uint64_t World::map(std::span<const std::uint64_t> frames) {
   if (!map_allowed(frames)) {
      return MEMFRAG_NO_FRAME;
   }
   for (std::size_t index = 0; index < frames.size(); ++index) {
      if (shadow_.check_alloc(frames[index], 0) != plugin::ContractBreach::none) {
         for (std::size_t marked = 0; marked < index; ++marked) {
            shadow_.mark_free(frames[marked], 0);
         }
         fail("stitch-frame-not-free", frames[index], 0,
              "a frame given to map() is not a free frame of the region in the host's view");
         return MEMFRAG_NO_FRAME;
      }
      shadow_.mark_allocated(frames[index], 0);
   }
   const std::uint64_t start = platform::wall_ns();
   const std::int64_t slot = window_.map(frames);
   vmap_ns_ += platform::wall_ns() - start;
   if (slot < 0) {
      for (const std::uint64_t frame : frames) {
         shadow_.mark_free(frame, 0);
      }
      return MEMFRAG_NO_FRAME;
   }
   const auto window_slot = static_cast<std::uint32_t>(slot);
   stitched_[window_slot].frames.assign(frames.begin(), frames.end());
   pending_stitched_ = stitched_id(window_slot);
   ++counts_.stitched_blocks;
   counts_.stitched_frames += frames.size();
   return pending_stitched_;
}

std::uint32_t World::unmap(std::uint64_t id, std::span<std::uint64_t> frames) {
   Stitched *block = stitched(id);
   if (context_ != Context::free || block == nullptr) {
      ++counts_.refused_service_calls;
      return 0;
   }
   const std::uint64_t start = platform::wall_ns();
   window_.unmap(static_cast<std::uint32_t>(id));
   vmap_ns_ += platform::wall_ns() - start;
   const auto count = static_cast<std::uint32_t>(block->frames.size());
   for (std::uint32_t index = 0; index < count; ++index) {
      if (index < frames.size()) {
         frames[index] = block->frames[index];
      }
      shadow_.mark_free(block->frames[index], 0);
   }
   block->frames.clear();
   return count;
}

} // namespace memfrag::world
