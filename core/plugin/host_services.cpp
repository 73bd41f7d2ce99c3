#include "core/plugin/host_services.hpp"

#include <cstdio>
#include <cstring>

namespace memfrag::plugin {
namespace {

const char *level_name(int32_t level) {
   switch (level) {
   case MEMFRAG_LOG_DEBUG: return "debug";
   case MEMFRAG_LOG_INFO: return "info";
   case MEMFRAG_LOG_WARNING: return "warning";
   default: return "error";
   }
}

// The C faces of the world's services. host_data of the memfrag_host_t handed out points to the
// HostServices; its world is what every call reaches.
struct WorldCalls {
   static WorldServices &world(const memfrag_host_t *host) {
      return *static_cast<const HostServices *>(host->host_data)->world();
   }

   static uint64_t reclaim(const memfrag_host_t *host, uint64_t frames) {
      return world(host).reclaim(frames);
   }
   static bool block_at(const memfrag_host_t *host, uint64_t frame, memfrag_block_info_t *out) {
      return out != nullptr && world(host).block_at(frame, *out);
   }
   static uint64_t reclaim_frame(const memfrag_host_t *host, uint64_t frame) {
      return world(host).reclaim_frame(frame);
   }
   static bool migrate(const memfrag_host_t *host, uint64_t from, uint64_t to) {
      return world(host).migrate(from, to);
   }
   static uint32_t max_frames(const memfrag_host_t *host) {
      return world(host).max_stitched_frames();
   }
   static uint64_t map(const memfrag_host_t *host, const uint64_t *frames, uint32_t count) {
      if (frames == nullptr) {
         return MEMFRAG_NO_FRAME;
      }
      return world(host).map({frames, count});
   }
   static uint32_t unmap(const memfrag_host_t *host, uint64_t id, uint64_t *frames,
                         uint32_t capacity) {
      return world(host).unmap(id, {frames, frames == nullptr ? 0 : capacity});
   }
   static void wake(const memfrag_host_t *host) { world(host).wake(); }
};

constexpr memfrag_host_reclaim_t kReclaim{&WorldCalls::reclaim};
constexpr memfrag_host_reclaim_frame_t kReclaimFrame{&WorldCalls::block_at,
                                                     &WorldCalls::reclaim_frame};
constexpr memfrag_host_migrate_t kMigrate{&WorldCalls::migrate};
constexpr memfrag_host_vmap_t kVmap{&WorldCalls::max_frames, &WorldCalls::map,
                                    &WorldCalls::unmap};
constexpr memfrag_host_background_t kBackground{&WorldCalls::wake};

struct NamedExtension {
   const char *id;
   const void *extension;
};

constexpr NamedExtension kWorldExtensions[] = {
    {MEMFRAG_EXT_RECLAIM, &kReclaim},   {MEMFRAG_EXT_RECLAIM_FRAME, &kReclaimFrame},
    {MEMFRAG_EXT_MIGRATE, &kMigrate},   {MEMFRAG_EXT_VMAP, &kVmap},
    {MEMFRAG_EXT_BACKGROUND, &kBackground},
};

} // namespace

HostServices::HostServices(std::string allocator_id, WorldServices *world)
    : allocator_id_(std::move(allocator_id)), world_(world) {
   host_.abi_version = MEMFRAG_ABI_VERSION_INIT;
   host_.host_data = this;
   host_.name = "memfrag";
   host_.version = MEMFRAG_VERSION;
   host_.get_extension = &HostServices::get_extension;
   log_.log = &HostServices::log;
}

const void *HostServices::get_extension(const memfrag_host_t *host, const char *extension_id) {
   auto *self = static_cast<HostServices *>(host->host_data);
   if (extension_id == nullptr) {
      return nullptr;
   }
   if (std::strcmp(extension_id, MEMFRAG_EXT_LOG) == 0) {
      return &self->log_;
   }
   return self->world_extension(extension_id);
}

const void *HostServices::world_extension(const char *extension_id) const {
   if (world_ == nullptr) {
      return nullptr;
   }
   for (const NamedExtension &named : kWorldExtensions) {
      if (std::strcmp(extension_id, named.id) == 0) {
         return named.extension;
      }
   }
   return nullptr;
}

void HostServices::log(const memfrag_host_t *host, int32_t level, const char *message) {
   auto *self = static_cast<HostServices *>(host->host_data);
   std::fprintf(stderr, "memfrag: %s: %s: %s\n", self->allocator_id_.c_str(), level_name(level),
                message != nullptr ? message : "");
}

} // namespace memfrag::plugin
