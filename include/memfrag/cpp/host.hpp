// The host as seen from a C++ allocator: its extensions and its log, looked up once.
#pragma once

#include "../memfrag.h"

#include <cstdarg>
#include <cstdio>

namespace memfrag::cpp {

// A copyable handle on the host of one instance, valid until the instance is destroyed. Every
// function works (doing nothing) when the host offers no log.
class Host {
 public:
   Host() = default;
   explicit Host(const memfrag_host_t *host) noexcept
       : host_(host), log_(static_cast<const memfrag_host_log_t *>(extension(MEMFRAG_EXT_LOG))) {}

   // The host service registered under `extension_id`, or nullptr when the host has none.
   const void *extension(const char *extension_id) const noexcept {
      if (host_ == nullptr || host_->get_extension == nullptr) {
         return nullptr;
      }
      return host_->get_extension(host_, extension_id);
   }

   // Logs one line. Too slow for the alloc() fast path; meant for errors and setup.
   void log(memfrag_log_level_t level, const char *message) const noexcept {
      if (log_ != nullptr && log_->log != nullptr) {
         log_->log(host_, level, message);
      }
   }

   // Logs one printf-formatted line, truncated to a fixed length.
   [[gnu::format(printf, 3, 4)]] void logf(memfrag_log_level_t level, const char *format,
                                           ...) const noexcept {
      char line[512];
      va_list arguments;
      va_start(arguments, format);
      std::vsnprintf(line, sizeof line, format, arguments);
      va_end(arguments);
      log(level, line);
   }

   const memfrag_host_t *raw() const noexcept { return host_; }

 private:
   const memfrag_host_t *host_ = nullptr;
   const memfrag_host_log_t *log_ = nullptr;
};

} // namespace memfrag::cpp
