// The library entry of the extent plugin, and its exact-size extension (ext/exact.h).
#include "extent_allocator.hpp"

#include <cstring>

namespace memfrag::extent {
namespace {

uint64_t alloc_run(const memfrag_allocator_t *allocator, uint64_t frames, uint32_t,
                   uint32_t) noexcept {
   return cpp::allocator_of<ExtentAllocator>(allocator).alloc_run(frames);
}

void free_run(const memfrag_allocator_t *allocator, uint64_t frame, uint64_t frames,
              uint32_t) noexcept {
   cpp::allocator_of<ExtentAllocator>(allocator).free_run(frame, frames);
}

constexpr memfrag_ext_exact_t exact_extension{&alloc_run, &free_run};

} // namespace

const void *ExtentAllocator::extension(std::string_view id) const noexcept {
   return id == MEMFRAG_EXT_EXACT ? &exact_extension : nullptr;
}

} // namespace memfrag::extent

MEMFRAG_CPP_PLUGIN(memfrag::extent::ExtentAllocator)
