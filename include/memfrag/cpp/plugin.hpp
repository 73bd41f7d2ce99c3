// memfrag C++ helper layer: write an allocator as a C++20 class and export it through the plugin
// C ABI v1 with one macro. Header-only; depends only on the C headers and the standard library.
//
//    class MyAllocator {
//    public:
//       static constexpr memfrag::cpp::AllocatorInfo info{"my-allocator", "My allocator",
//                                                         "Me", "1.0.0", "What it does."};
//       static std::size_t metadata_size(const memfrag::cpp::Config &config);
//       explicit MyAllocator(const memfrag::cpp::CreateContext &context);
//       uint64_t alloc(uint32_t order, uint32_t flags, uint32_t cpu) noexcept;
//       void free(uint64_t frame, uint32_t order, uint32_t cpu) noexcept;
//    };
//    MEMFRAG_CPP_PLUGIN(MyAllocator)
//
// The required and optional hooks (parameters, histogram, validate, stats, further instance
// extensions) are listed in allocator_concepts.hpp. Several classes may be listed in the macro:
// the library's factory then offers each of them. No exception thrown by a hook reaches the host:
// a throwing constructor makes create() return NULL after logging, a throwing alloc() returns
// MEMFRAG_NO_FRAME, a throwing validate() reports a broken invariant.
#pragma once

#include "../memfrag.h"
#include "allocator_concepts.hpp"
#include "factory.hpp"
#include "instance.hpp"

#include <cstring>

namespace memfrag::cpp {

// The library entry for a factory. The helper layer keeps no library-wide state, so init() and
// deinit() have nothing to acquire or release.
template <class FactoryType> struct PluginEntry {
   static bool init(const char *) noexcept { return true; }

   static void deinit() noexcept {}

   static const void *get_factory(const char *factory_id) noexcept {
      if (factory_id == nullptr || std::strcmp(factory_id, MEMFRAG_ALLOCATOR_FACTORY_ID) != 0) {
         return nullptr;
      }
      return FactoryType::get();
   }

   static constexpr memfrag_plugin_entry_t entry{MEMFRAG_ABI_VERSION_INIT, &init, &deinit,
                                                 &get_factory};
};

} // namespace memfrag::cpp

// Defines the library's exported entry symbol, offering the allocator classes given as arguments.
// Use once per library, at namespace scope.
#define MEMFRAG_CPP_PLUGIN(...)                                                                    \
   extern "C" MEMFRAG_EXPORT const memfrag_plugin_entry_t memfrag_plugin_entry =   \
       ::memfrag::cpp::PluginEntry<::memfrag::cpp::Factory<__VA_ARGS__>>::entry;
