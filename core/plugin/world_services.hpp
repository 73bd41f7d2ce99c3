// The world's services as the plugin layer hands them to plugins (ext/reclaim.h,
// ext/reclaim_frame.h, ext/migrate.h, ext/vmap.h, ext/background.h). The world layer implements
// this interface; HostServices forwards the C calls to it once it is attached.
#pragma once

#include <cstdint>
#include <span>

#include <memfrag/memfrag.h>

namespace memfrag::plugin {

class WorldServices {
 public:
   virtual ~WorldServices() = default;
   virtual std::uint64_t reclaim(std::uint64_t frames) = 0;
   virtual bool block_at(std::uint64_t frame, memfrag_block_info_t &out) = 0;
   virtual std::uint64_t reclaim_frame(std::uint64_t frame) = 0;
   virtual bool migrate(std::uint64_t from, std::uint64_t to) = 0;
   virtual std::uint32_t max_stitched_frames() = 0;
   virtual std::uint64_t map(std::span<const std::uint64_t> frames) = 0;
   virtual std::uint32_t unmap(std::uint64_t id, std::span<std::uint64_t> frames) = 0;
   virtual void wake() = 0;
};

} // namespace memfrag::plugin
