// Checks of an instance's life: creating and destroying instances over and over, several at
// once, and what that leaves behind on the heap.
#include "core/validate/checked_instance.hpp"
#include "core/validate/checks.hpp"
#include "core/validate/random_walk.hpp"

#include <algorithm>
#include <cstdint>
#include <malloc.h>

namespace memfrag::validate {
namespace {

constexpr int kCreateDestroyCycles = 100;
constexpr int kLeakWarmUpCycles = 4;
constexpr int kLeakCycles = 64;
// Heap growth per cycle tolerated as noise of the C library's own bookkeeping.
constexpr std::size_t kLeakToleranceBytesPerCycle = 16;
// A leak grows the heap in every window of cycles; memory allocated once, the first time a
// rare path runs (a lazily built table, a thread's TLS block), grows one window only. A plugin
// leaks when each of this many windows grows the heap.
constexpr int kLeakWindows = 2;

void expect_serves_a_frame(CheckedInstance &instance, const std::string &when) {
   if (!instance.alloc(0, MEMFRAG_REQ_ATOMIC)) {
      throw CheckFailed(instance.info().id + ": refuses an order-0 request on a fresh region of " +
                        std::to_string(instance.frame_count()) + " frames " + when);
   }
}

// One instance's whole life: created, a frame handed out and taken back, checked, destroyed.
void short_life(const plugin::Library &library, const plugin::AllocatorInfo &info,
                const CheckContext &context, int cycle) {
   CheckedInstance instance(library, info, context);
   std::string when = "(cycle " + std::to_string(cycle) + ")";
   expect_serves_a_frame(instance, when);
   instance.expect_sound(when);
   instance.drain();
   instance.expect_sound("after freeing " + when);
}

// Instances share nothing: two alive at once each serve their own whole region.
void two_at_once(const plugin::Library &library, const plugin::AllocatorInfo &info,
                 const CheckContext &context) {
   CheckedInstance first(library, info, context);
   CheckedInstance second(library, info, context);
   expect_serves_a_frame(first, "(two instances alive)");
   expect_serves_a_frame(second, "(two instances alive)");
   first.expect_sound("with a second instance alive");
   second.expect_sound("with a second instance alive");
}

std::size_t heap_bytes_in_use() {
   struct mallinfo2 info = mallinfo2();
   return info.uordblks + info.hblkhd;
}

void walk_and_drain(const plugin::Library &library, const plugin::AllocatorInfo &info,
                    const CheckContext &context, int cycle) {
   CheckedInstance instance(library, info, context);
   random_walk(instance, {context.seed + static_cast<std::uint64_t>(cycle), 300, 0, 0});
   instance.drain();
}

} // namespace

std::string check_create_destroy(const CheckContext &context) {
   auto library = context.load();
   for (const auto *info : context.allocators(*library)) {
      for (int cycle = 0; cycle < kCreateDestroyCycles; ++cycle) {
         short_life(*library, *info, context, cycle);
      }
      two_at_once(*library, *info, context);
   }
   return std::to_string(kCreateDestroyCycles) + " create/destroy cycles per allocator, two "
                                                 "instances alive at once";
}

std::string check_leak(const CheckContext &context) {
#if defined(__SANITIZE_ADDRESS__)
   throw CheckSkipped("malloc statistics are not available under AddressSanitizer");
#endif
   auto library = context.load();
   for (const auto *info : context.allocators(*library)) {
      for (int cycle = 0; cycle < kLeakWarmUpCycles; ++cycle) {
         walk_and_drain(*library, *info, context, cycle);
      }
      std::size_t least_growth = SIZE_MAX;
      for (int window = 0; window < kLeakWindows; ++window) {
         const std::size_t before = heap_bytes_in_use();
         for (int cycle = 0; cycle < kLeakCycles; ++cycle) {
            walk_and_drain(*library, *info, context, window * kLeakCycles + cycle);
         }
         const std::size_t after = heap_bytes_in_use();
         least_growth = std::min(least_growth, after > before ? after - before : 0);
      }
      if (least_growth > kLeakToleranceBytesPerCycle * kLeakCycles) {
         throw CheckFailed(info->id + ": the heap grew by at least " +
                           std::to_string(least_growth) + " bytes in each of " +
                           std::to_string(kLeakWindows) + " runs of " +
                           std::to_string(kLeakCycles) +
                           " create/walk/drain/destroy cycles (about " +
                           std::to_string(least_growth / kLeakCycles) +
                           " bytes per instance are never freed)");
      }
   }
   return "malloc'd bytes in use unchanged over " + std::to_string(kLeakCycles) +
          " create/walk/drain/destroy cycles";
}

} // namespace memfrag::validate
