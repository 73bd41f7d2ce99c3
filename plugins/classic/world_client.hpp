// The world's services as a plugin sees them: looked up once in the constructor, each call
// doing nothing when the host does not offer the service, so a strategy degrades to its base
// behaviour on a host without a world.
#pragma once

#include "memfrag/cpp/plugin.hpp"

#include <cstdint>
#include <span>

namespace memfrag::classic {

class WorldClient {
 public:
   explicit WorldClient(const cpp::Host &host) noexcept
       : host_(host.raw()),
         reclaim_(static_cast<const memfrag_host_reclaim_t *>(host.extension(MEMFRAG_EXT_RECLAIM))),
         reclaim_frame_(static_cast<const memfrag_host_reclaim_frame_t *>(
             host.extension(MEMFRAG_EXT_RECLAIM_FRAME))),
         vmap_(static_cast<const memfrag_host_vmap_t *>(host.extension(MEMFRAG_EXT_VMAP))),
         migrate_(static_cast<const memfrag_host_migrate_t *>(host.extension(MEMFRAG_EXT_MIGRATE))),
         background_(static_cast<const memfrag_host_background_t *>(
             host.extension(MEMFRAG_EXT_BACKGROUND))) {}

   // Frames freed by LRU reclaim of at least `frames` frames (reclaim.h).
   uint64_t reclaim(uint64_t frames) const noexcept {
      return reclaim_ != nullptr ? reclaim_->reclaim(host_, frames) : 0;
   }

   bool has_reverse_map() const noexcept { return reclaim_frame_ != nullptr; }
   // The live block covering `frame` (reclaim_frame.h); false when it is free or there is no
   // reverse map.
   bool block_at(uint64_t frame, memfrag_block_info_t &out) const noexcept {
      return reclaim_frame_ != nullptr && reclaim_frame_->block_at(host_, frame, &out);
   }
   // Frames freed by dropping the block covering `frame`, if its owner can (reclaim_frame.h).
   uint64_t reclaim_frame(uint64_t frame) const noexcept {
      return reclaim_frame_ != nullptr ? reclaim_frame_->reclaim_frame(host_, frame) : 0;
   }

   bool can_stitch() const noexcept { return vmap_ != nullptr; }
   uint32_t max_stitched_frames() const noexcept {
      return vmap_ != nullptr ? vmap_->max_frames(host_) : 0;
   }
   // The stitched-block id for `frames` (vmap.h), or MEMFRAG_NO_FRAME.
   uint64_t stitch(std::span<const uint64_t> frames) const noexcept {
      return vmap_ != nullptr
                 ? vmap_->map(host_, frames.data(), static_cast<uint32_t>(frames.size()))
                 : MEMFRAG_NO_FRAME;
   }
   uint32_t unstitch(uint64_t id, std::span<uint64_t> frames) const noexcept {
      return vmap_ != nullptr
                 ? vmap_->unmap(host_, id, frames.data(), static_cast<uint32_t>(frames.size()))
                 : 0;
   }

   // Migration needs both the reverse map (what lives where) and the move itself.
   bool can_migrate() const noexcept { return migrate_ != nullptr && reclaim_frame_ != nullptr; }
   // Moves the movable block at `from` to the free block at `to` (migrate.h).
   bool migrate(uint64_t from, uint64_t to) const noexcept {
      return migrate_ != nullptr && migrate_->migrate(host_, from, to);
   }

   void wake_background() const noexcept {
      if (background_ != nullptr) {
         background_->wake(host_);
      }
   }

 private:
   const memfrag_host_t *host_;
   const memfrag_host_reclaim_t *reclaim_;
   const memfrag_host_reclaim_frame_t *reclaim_frame_;
   const memfrag_host_vmap_t *vmap_;
   const memfrag_host_migrate_t *migrate_;
   const memfrag_host_background_t *background_;
};

} // namespace memfrag::classic
