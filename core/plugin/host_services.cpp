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

} // namespace

HostServices::HostServices(std::string allocator_id) : allocator_id_(std::move(allocator_id)) {
   host_.abi_version = MEMFRAG_ABI_VERSION_INIT;
   host_.host_data = this;
   host_.name = "memfrag";
   host_.version = MEMFRAG_VERSION;
   host_.get_extension = &HostServices::get_extension;
   log_.log = &HostServices::log;
}

const void *HostServices::get_extension(const memfrag_host_t *host, const char *extension_id) {
   auto *self = static_cast<HostServices *>(host->host_data);
   if (extension_id != nullptr && std::strcmp(extension_id, MEMFRAG_EXT_LOG) == 0) {
      return &self->log_;
   }
   return nullptr;
}

void HostServices::log(const memfrag_host_t *host, int32_t level, const char *message) {
   auto *self = static_cast<HostServices *>(host->host_data);
   std::fprintf(stderr, "memfrag: %s: %s: %s\n", self->allocator_id_.c_str(), level_name(level),
                message != nullptr ? message : "");
}

} // namespace memfrag::plugin
