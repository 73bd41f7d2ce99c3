// The reference buddy allocator made thread-safe, with per-CPU lists of single frames in front
// of it, as Linux keeps them (struct per_cpu_pages, mm/page_alloc.c): an order-0 request is
// served from the calling CPU's list without the lock, which is refilled from the buddy
// allocator `pcp_batch` frames at a time when empty, and drained `pcp_batch` frames at a time
// when it holds more than `pcp_high`. Everything else takes the one lock around the buddy
// allocator (the zone lock). README.md describes it.
#pragma once

#include "../buddy/buddy_allocator.hpp"
#include "spin_lock.hpp"

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <span>

namespace memfrag::buddy {

class PcpBuddy {
 public:
   static constexpr cpp::AllocatorInfo info{
       "buddy-pcp",
       "Binary buddy allocator with per-CPU lists",
       "memfrag",
       "1.0.0",
       "The reference buddy allocator behind a lock, with per-CPU lists of single frames that "
       "serve order-0 requests without it; thread-safe.",
       MEMFRAG_ALLOCATOR_THREAD_SAFE};

   static constexpr std::array params{
       BuddyAllocator::params[0],
       BuddyAllocator::params[1],
       cpp::int_param("pcp_batch",
                      "Frames moved between a CPU's list and the buddy allocator at a time.", 63, 1,
                      1 << 16),
       cpp::int_param("pcp_high",
                      "A CPU's list is drained by pcp_batch frames when it holds more than this.",
                      378, 0, 1 << 20),
   };

   static constexpr std::array stat_names{"splits",     "merges",          "free_frames",
                                          "pcp_frames", "pcp_hits",        "pcp_refills",
                                          "pcp_drains", "reserve_refusals"};

   static std::size_t metadata_size(const cpp::Config &config);

   explicit PcpBuddy(const cpp::CreateContext &context);

   uint64_t alloc(uint32_t order, uint32_t flags, uint32_t cpu) noexcept;
   void free(uint64_t frame, uint32_t order, uint32_t cpu) noexcept;

   uint32_t order_count() const noexcept { return buddy_.order_count(); }
   // Frames on the per-CPU lists are free single frames too.
   uint64_t free_blocks(uint32_t order) const noexcept {
      return buddy_.free_blocks(order) + (order == 0 ? listed_frames() : 0);
   }
   bool validate(cpp::Diagnostic &diagnostic) const;
   double stat_value(std::size_t index) const noexcept;

 private:
   // One CPU's list: its header on a cache line of its own, the frames in `frames`.
   struct alignas(64) CpuList {
      uint32_t count = 0;
      uint32_t *frames = nullptr;
      uint64_t hits = 0, refills = 0, drains = 0;
   };

   CpuList &list_of(uint32_t cpu) noexcept { return lists_[cpu]; }
   bool refill(CpuList &list, uint32_t flags, uint32_t cpu) noexcept;
   void drain(CpuList &list, uint32_t frames, uint32_t cpu) noexcept;
   uint64_t listed_frames() const noexcept;
   uint64_t summed(uint64_t CpuList::*counter) const noexcept;

   BuddyAllocator buddy_;
   alignas(64) SpinLock zone_lock_;
   uint32_t cpu_count_;
   uint32_t batch_;
   uint32_t high_;
   std::span<CpuList> lists_;
};

} // namespace memfrag::buddy
