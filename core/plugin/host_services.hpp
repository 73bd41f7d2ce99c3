// The host as a plugin instance sees it: the memfrag_host_t handed to create() and the services
// reachable through its get_extension(). Services not offered return NULL. The world's services
// are offered only when a world is attached before the instance is created; their calls are
// forwarded to it.
#pragma once

#include <string>

#include <memfrag/memfrag.h>

#include "core/plugin/world_services.hpp"

namespace memfrag::plugin {

class HostServices {
 public:
   // `world` may be null: the world's extension ids then return NULL.
   HostServices(std::string allocator_id, WorldServices *world);
   HostServices(const HostServices &) = delete;
   HostServices &operator=(const HostServices &) = delete;

   const memfrag_host_t *host() const { return &host_; }
   const std::string &allocator_id() const { return allocator_id_; }
   WorldServices *world() const { return world_; }

 private:
   static const void *get_extension(const memfrag_host_t *host, const char *extension_id);
   static void log(const memfrag_host_t *host, int32_t level, const char *message);
   const void *world_extension(const char *extension_id) const;

   std::string allocator_id_;
   WorldServices *world_;
   memfrag_host_t host_{};
   memfrag_host_log_t log_{};
};

} // namespace memfrag::plugin
