// Compile test: the umbrella header and the C++ helper layer are valid C++20 on their own.
#include "memfrag/cpp/plugin.hpp"
#include "memfrag/memfrag.h"

bool abi_header_cxx20_probe();

bool abi_header_cxx20_probe() {
   return memfrag_version_is_compatible(memfrag_version_t{MEMFRAG_ABI_VERSION_MAJOR, 7, 3});
}
