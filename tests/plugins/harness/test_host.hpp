// A host for tests: offers only the log extension and keeps every line logged.
#pragma once

#include "memfrag/memfrag.h"

#include <string>
#include <vector>

namespace memfrag::test {

class TestHost {
 public:
   TestHost();
   TestHost(const TestHost &) = delete;
   TestHost &operator=(const TestHost &) = delete;

   const memfrag_host_t *abi() const { return &host_; }
   const std::vector<std::string> &log_lines() const { return log_lines_; }

 private:
   static const void *get_extension(const memfrag_host_t *host, const char *extension_id);
   static void log(const memfrag_host_t *host, int32_t level, const char *message);
   static const memfrag_host_log_t log_extension;

   memfrag_host_t host_;
   std::vector<std::string> log_lines_;
};

} // namespace memfrag::test
