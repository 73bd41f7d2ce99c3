// The shadow map's record of runs (ext/exact.h): ranges of any length and alignment.
#include "core/plugin/shadow_map.hpp"

namespace memfrag::plugin {
namespace {

// Calls visit(word index, mask) for each bitmap word the frames [frame, frame + frames) touch,
// in address order, the mask selecting the range's bits in that word; stops when visit returns
// false and says whether every word was visited.
template <typename Visit>
bool visit_words(std::uint64_t frame, std::uint64_t frames, Visit &&visit) {
   const std::uint64_t end = frame + frames;
   for (std::uint64_t word = frame / 64; word <= (end - 1) / 64; ++word) {
      const std::uint64_t first = word == frame / 64 ? frame % 64 : 0;
      const std::uint64_t last = word == (end - 1) / 64 ? (end - 1) % 64 : 63;
      const std::uint64_t mask =
          (last - first == 63 ? ~std::uint64_t{0} : ((std::uint64_t{1} << (last - first + 1)) - 1))
          << first;
      if (!visit(word, mask)) {
         return false;
      }
   }
   return true;
}

} // namespace

bool ShadowMap::any_allocated_in(std::uint64_t frame, std::uint64_t frames) const {
   return !visit_words(frame, frames, [this](std::uint64_t word, std::uint64_t mask) {
      return (bits_[word] & mask) == 0;
   });
}

void ShadowMap::set_range(std::uint64_t frame, std::uint64_t frames, bool allocated) {
   visit_words(frame, frames, [this, allocated](std::uint64_t word, std::uint64_t mask) {
      std::atomic_ref<std::uint64_t> bits(bits_[word]);
      allocated ? bits.fetch_or(mask, std::memory_order_acq_rel)
                : bits.fetch_and(~mask, std::memory_order_acq_rel);
      return true;
   });
}

// As set_bits_exclusively(): a word that had any of the range's bits set already means an
// overlap, and every bit this call set is taken back.
bool ShadowMap::set_range_exclusively(std::uint64_t frame, std::uint64_t frames) {
   std::uint64_t failed_word = UINT64_MAX;
   visit_words(frame, frames, [&](std::uint64_t word, std::uint64_t mask) {
      const std::uint64_t before =
          std::atomic_ref<std::uint64_t>(bits_[word]).fetch_or(mask, std::memory_order_acq_rel);
      if ((before & mask) == 0) {
         return true;
      }
      std::atomic_ref<std::uint64_t>(bits_[word])
          .fetch_and(~(mask & ~before), std::memory_order_acq_rel);
      failed_word = word;
      return false;
   });
   if (failed_word == UINT64_MAX) {
      return true;
   }
   visit_words(frame, frames, [&](std::uint64_t word, std::uint64_t mask) {
      if (word == failed_word) {
         return false;
      }
      std::atomic_ref<std::uint64_t>(bits_[word]).fetch_and(~mask, std::memory_order_acq_rel);
      return true;
   });
   return false;
}

// The length goes into the table before the mark is published, so whoever sees the mark finds
// the length.
void ShadowMap::record_run(std::uint64_t frame, std::uint64_t frames, std::uint32_t writer) {
   {
      const std::lock_guard<std::mutex> guard(runs_mutex_);
      run_frames_[frame] = frames;
   }
   live_runs_.fetch_add(1, std::memory_order_relaxed);
   std::atomic_ref<std::uint8_t>(live_order_plus_one_[frame])
       .store(kRunHead, std::memory_order_release);
   count(writer, static_cast<std::int64_t>(frames), 1);
}

void ShadowMap::forget_run(std::uint64_t frame, std::uint64_t frames, std::uint32_t writer) {
   {
      const std::lock_guard<std::mutex> guard(runs_mutex_);
      run_frames_.erase(frame);
   }
   set_range(frame, frames, false);
   live_runs_.fetch_sub(1, std::memory_order_relaxed);
   count(writer, -static_cast<std::int64_t>(frames), -1);
}

std::optional<std::uint64_t> ShadowMap::run_frames_at(std::uint64_t frame) const {
   if (frame >= frame_count_ || live_order_at(frame) != kRunHead) {
      return std::nullopt;
   }
   const std::lock_guard<std::mutex> guard(runs_mutex_);
   const auto found = run_frames_.find(frame);
   return found == run_frames_.end() ? std::nullopt : std::optional(found->second);
}

ContractBreach ShadowMap::check_alloc_run(std::uint64_t frame, std::uint64_t frames) const {
   if (!run_in_region(frame, frames)) {
      return ContractBreach::out_of_region;
   }
   return any_allocated_in(frame, frames) ? ContractBreach::overlap : ContractBreach::none;
}

ContractBreach ShadowMap::check_free_run(std::uint64_t frame, std::uint64_t frames) const {
   if (frame >= frame_count_) {
      return ContractBreach::out_of_region;
   }
   if (live_order_at(frame) == 0) {
      return ContractBreach::not_allocated;
   }
   const std::optional<std::uint64_t> recorded = run_frames_at(frame);
   return recorded == frames ? ContractBreach::none : ContractBreach::wrong_length;
}

void ShadowMap::mark_run_allocated(std::uint64_t frame, std::uint64_t frames,
                                   std::uint32_t writer) {
   set_range(frame, frames, true);
   record_run(frame, frames, writer);
}

void ShadowMap::mark_run_free(std::uint64_t frame, std::uint64_t frames, std::uint32_t writer) {
   std::atomic_ref<std::uint8_t>(live_order_plus_one_[frame]).store(0, std::memory_order_relaxed);
   forget_run(frame, frames, writer);
}

ContractBreach ShadowMap::claim_run(std::uint64_t frame, std::uint64_t frames,
                                    std::uint32_t writer) {
   if (!run_in_region(frame, frames)) {
      return ContractBreach::out_of_region;
   }
   if (!set_range_exclusively(frame, frames)) {
      return ContractBreach::overlap;
   }
   record_run(frame, frames, writer);
   return ContractBreach::none;
}

// Whoever turns the mark into 0 frees the run; a second free finds 0.
ContractBreach ShadowMap::release_run(std::uint64_t frame, std::uint64_t frames,
                                      std::uint32_t writer) {
   const ContractBreach breach = check_free_run(frame, frames);
   if (breach != ContractBreach::none) {
      return breach;
   }
   std::uint8_t expected = kRunHead;
   if (!std::atomic_ref<std::uint8_t>(live_order_plus_one_[frame])
            .compare_exchange_strong(expected, 0, std::memory_order_acq_rel)) {
      return ContractBreach::not_allocated;
   }
   forget_run(frame, frames, writer);
   return ContractBreach::none;
}

// Every allocated frame lies in one live block or run, whose frames from its head up to this one
// are all allocated: going down from the frame through allocated frames, the first head met is
// the head of the covering block or run.
std::optional<std::pair<std::uint64_t, std::uint32_t>>
ShadowMap::covering_by_scan(std::uint64_t frame) const {
   for (std::uint64_t head = frame;; --head) {
      if (!allocated_bit(head)) {
         return std::nullopt;
      }
      const std::uint8_t recorded = live_order_at(head);
      if (recorded == kRunHead) {
         const std::optional<std::uint64_t> frames = run_frames_at(head);
         if (frames && frame - head < *frames) {
            return std::make_pair(frame, 0u);
         }
         return std::nullopt;
      }
      if (recorded != 0) {
         const std::uint32_t order = recorded - 1u;
         if (frame - head < (std::uint64_t{1} << order)) {
            return std::make_pair(head, order);
         }
         return std::nullopt;
      }
      if (head == 0) {
         return std::nullopt;
      }
   }
}

} // namespace memfrag::plugin
