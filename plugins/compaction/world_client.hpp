// The world's services compaction uses, looked up once in the constructor. Each call does
// nothing (and reports nothing done) when the host does not offer the service, so the strategy
// degrades to grouping by mobility alone on a host without a world.
#pragma once

#include "memfrag/cpp/plugin.hpp"

#include <cstdint>

namespace memfrag::compaction {

class WorldClient {
 public:
   explicit WorldClient(const cpp::Host &host) noexcept
       : host_(host.raw()),
         migrate_(static_cast<const memfrag_host_migrate_t *>(host.extension(MEMFRAG_EXT_MIGRATE))),
         rmap_(static_cast<const memfrag_host_reclaim_frame_t *>(
             host.extension(MEMFRAG_EXT_RECLAIM_FRAME))),
         reclaim_(static_cast<const memfrag_host_reclaim_t *>(host.extension(MEMFRAG_EXT_RECLAIM))),
         background_(static_cast<const memfrag_host_background_t *>(
             host.extension(MEMFRAG_EXT_BACKGROUND))) {}

   // Migration needs both the reverse map (what lives where) and the move itself.
   bool can_migrate() const noexcept { return migrate_ != nullptr && rmap_ != nullptr; }

   // The live block covering `frame` (reclaim_frame.h); false when free or unknown.
   bool block_at(uint64_t frame, memfrag_block_info_t &out) const noexcept {
      return rmap_ != nullptr && rmap_->block_at(host_, frame, &out);
   }

   // Moves the movable block at `from` to the free block at `to` (migrate.h).
   bool migrate(uint64_t from, uint64_t to) const noexcept {
      return migrate_ != nullptr && migrate_->migrate(host_, from, to);
   }

   // Frames freed by LRU reclaim of at least `frames` frames (reclaim.h).
   uint64_t reclaim(uint64_t frames) const noexcept {
      return reclaim_ != nullptr ? reclaim_->reclaim(host_, frames) : 0;
   }

   void wake_background() const noexcept {
      if (background_ != nullptr) {
         background_->wake(host_);
      }
   }

 private:
   const memfrag_host_t *host_;
   const memfrag_host_migrate_t *migrate_;
   const memfrag_host_reclaim_frame_t *rmap_;
   const memfrag_host_reclaim_t *reclaim_;
   const memfrag_host_background_t *background_;
};

} // namespace memfrag::compaction
