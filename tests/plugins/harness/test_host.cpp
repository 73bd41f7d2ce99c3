#include "test_host.hpp"

#include <cstring>

namespace memfrag::test {

const memfrag_host_log_t TestHost::log_extension{&TestHost::log};

TestHost::TestHost()
    : host_{MEMFRAG_ABI_VERSION_INIT, this, "memfrag-test", "0.0.0", &get_extension} {
}

const void *TestHost::get_extension(const memfrag_host_t *, const char *extension_id) {
   if (extension_id != nullptr && std::strcmp(extension_id, MEMFRAG_EXT_LOG) == 0) {
      return &log_extension;
   }
   return nullptr;
}

void TestHost::log(const memfrag_host_t *host, int32_t, const char *message) {
   static_cast<TestHost *>(host->host_data)->log_lines_.emplace_back(message);
}

} // namespace memfrag::test
