// The host as a plugin instance sees it: the memfrag_host_t handed to create() and the services
// reachable through its get_extension(). Services not offered return NULL.
#pragma once

#include <string>

#include <memfrag/memfrag.h>

namespace memfrag::plugin {

class HostServices {
 public:
   explicit HostServices(std::string allocator_id);
   HostServices(const HostServices &) = delete;
   HostServices &operator=(const HostServices &) = delete;

   const memfrag_host_t *host() const { return &host_; }
   const std::string &allocator_id() const { return allocator_id_; }

 private:
   static const void *get_extension(const memfrag_host_t *host, const char *extension_id);
   static void log(const memfrag_host_t *host, int32_t level, const char *message);

   std::string allocator_id_;
   memfrag_host_t host_{};
   memfrag_host_log_t log_{};
};

} // namespace memfrag::plugin
