#include "pcp_buddy.hpp"

#include <cinttypes>
#include <new>
#include <stdexcept>
#include <vector>

namespace memfrag::buddy {
namespace {

constexpr std::size_t kLine = 64;

std::size_t rounded_up(std::size_t bytes) {
   return (bytes + kLine - 1) / kLine * kLine;
}

// A list holds up to pcp_high frames after a free, plus one batch during a refill.
std::size_t list_capacity(const cpp::Config &config) {
   return static_cast<std::size_t>(config.params.integer("pcp_high") +
                                   config.params.integer("pcp_batch"));
}

uint32_t cpus_of(const cpp::Config &config) {
   return config.region.cpu_count == 0 ? 1 : config.region.cpu_count;
}

// Layout after the buddy allocator's own metadata: the list headers, then each list's frames.
std::size_t headers_offset(const cpp::Config &config) {
   return rounded_up(BuddyAllocator::metadata_size(config));
}

} // namespace

std::size_t PcpBuddy::metadata_size(const cpp::Config &config) {
   const std::size_t buddy = BuddyAllocator::metadata_size(config);
   if (buddy == SIZE_MAX) {
      return SIZE_MAX;
   }
   const std::size_t cpus = cpus_of(config);
   return headers_offset(config) + cpus * sizeof(CpuList) +
          cpus * rounded_up(list_capacity(config) * sizeof(uint32_t));
}

PcpBuddy::PcpBuddy(const cpp::CreateContext &context)
    : buddy_(context), cpu_count_(cpus_of(context.config)),
      batch_(static_cast<uint32_t>(context.config.params.integer("pcp_batch"))),
      high_(static_cast<uint32_t>(context.config.params.integer("pcp_high"))) {
   if (context.metadata.size() < metadata_size(context.config)) {
      throw std::invalid_argument("the metadata is smaller than metadata_size() asked for");
   }
   std::byte *headers = context.metadata.data() + headers_offset(context.config);
   auto *first = new (headers) CpuList[cpu_count_];
   lists_ = {first, cpu_count_};
   std::byte *frames = headers + cpu_count_ * sizeof(CpuList);
   const std::size_t list_bytes = rounded_up(list_capacity(context.config) * sizeof(uint32_t));
   for (uint32_t cpu = 0; cpu < cpu_count_; ++cpu) {
      lists_[cpu].frames = reinterpret_cast<uint32_t *>(frames + cpu * list_bytes);
   }
}

// Takes up to a batch of single frames from the buddy allocator under the lock.
bool PcpBuddy::refill(CpuList &list, uint32_t flags, uint32_t cpu) noexcept {
   const std::lock_guard<SpinLock> zone(zone_lock_);
   for (uint32_t taken = 0; taken < batch_; ++taken) {
      const uint64_t frame = buddy_.alloc(0, flags, cpu);
      if (frame == MEMFRAG_NO_FRAME) {
         break;
      }
      list.frames[list.count++] = static_cast<uint32_t>(frame);
   }
   ++list.refills;
   return list.count != 0;
}

// Gives the oldest `frames` of the list back to the buddy allocator under the lock.
void PcpBuddy::drain(CpuList &list, uint32_t frames, uint32_t cpu) noexcept {
   const uint32_t count = frames < list.count ? frames : list.count;
   {
      const std::lock_guard<SpinLock> zone(zone_lock_);
      for (uint32_t index = 0; index < count; ++index) {
         buddy_.free(list.frames[index], 0, cpu);
      }
   }
   for (uint32_t index = count; index < list.count; ++index) {
      list.frames[index - count] = list.frames[index];
   }
   list.count -= count;
   ++list.drains;
}

uint64_t PcpBuddy::alloc(uint32_t order, uint32_t flags, uint32_t cpu) noexcept {
   if (cpu >= cpu_count_) [[unlikely]] {
      return MEMFRAG_NO_FRAME;
   }
   CpuList &list = list_of(cpu);
   if (order == 0) {
      if (list.count == 0 && !refill(list, flags, cpu)) {
         return MEMFRAG_NO_FRAME;
      }
      ++list.hits;
      return list.frames[--list.count];
   }
   uint64_t frame = MEMFRAG_NO_FRAME;
   {
      const std::lock_guard<SpinLock> zone(zone_lock_);
      frame = buddy_.alloc(order, flags, cpu);
   }
   // Single frames parked on this CPU's list may be what a larger block lacks: give them back
   // and try once more (Linux drains the lists before it gives up on a high-order request).
   if (frame == MEMFRAG_NO_FRAME && list.count != 0) {
      drain(list, list.count, cpu);
      const std::lock_guard<SpinLock> zone(zone_lock_);
      frame = buddy_.alloc(order, flags, cpu);
   }
   return frame;
}

void PcpBuddy::free(uint64_t frame, uint32_t order, uint32_t cpu) noexcept {
   if (cpu >= cpu_count_) [[unlikely]] {
      return;
   }
   if (order != 0) {
      const std::lock_guard<SpinLock> zone(zone_lock_);
      buddy_.free(frame, order, cpu);
      return;
   }
   CpuList &list = list_of(cpu);
   list.frames[list.count++] = static_cast<uint32_t>(frame);
   if (list.count > high_) {
      drain(list, batch_, cpu);
   }
}

uint64_t PcpBuddy::summed(uint64_t CpuList::*counter) const noexcept {
   uint64_t sum = 0;
   for (const CpuList &list : lists_) {
      sum += list.*counter;
   }
   return sum;
}

uint64_t PcpBuddy::listed_frames() const noexcept {
   uint64_t frames = 0;
   for (const CpuList &list : lists_) {
      frames += list.count;
   }
   return frames;
}

// The buddy allocator's own invariants, then the lists: every listed frame is, to the buddy
// allocator, an order-0 block it handed out, and no frame is listed twice.
bool PcpBuddy::validate(cpp::Diagnostic &diagnostic) const {
   if (!buddy_.validate(diagnostic)) {
      return false;
   }
   std::vector<bool> listed(buddy_.frame_count(), false);
   for (uint32_t cpu = 0; cpu < cpu_count_; ++cpu) {
      const CpuList &list = lists_[cpu];
      if (list.count > high_ + batch_) {
         return diagnostic.fail("cpu %" PRIu32 "'s list holds %" PRIu32 " frames, above %" PRIu32,
                                cpu, list.count, high_ + batch_);
      }
      for (uint32_t index = 0; index < list.count; ++index) {
         const uint32_t frame = list.frames[index];
         if (frame >= buddy_.frame_count() || !buddy_.is_allocated_head(frame, 0)) {
            return diagnostic.fail("cpu %" PRIu32 " lists frame %" PRIu32
                                   ", which is not a single frame taken from the buddy allocator",
                                   cpu, frame);
         }
         if (listed[frame]) {
            return diagnostic.fail("frame %" PRIu32 " is listed twice", frame);
         }
         listed[frame] = true;
      }
   }
   return true;
}

double PcpBuddy::stat_value(std::size_t index) const noexcept {
   const std::array<uint64_t, stat_names.size()> values{
       static_cast<uint64_t>(buddy_.stat_value(0)),
       static_cast<uint64_t>(buddy_.stat_value(1)),
       buddy_.free_frames() + listed_frames(),
       listed_frames(),
       summed(&CpuList::hits),
       summed(&CpuList::refills),
       summed(&CpuList::drains),
       static_cast<uint64_t>(buddy_.stat_value(3))};
   return static_cast<double>(values[index]);
}

} // namespace memfrag::buddy
