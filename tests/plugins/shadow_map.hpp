// The test's own record of which frames are handed out, independent of any plugin: it checks
// every block a plugin returns (in range, aligned, not overlapping a live block).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace memfrag::test {

struct LiveBlock {
   uint64_t frame;
   uint32_t order;
};

class ShadowMap {
 public:
   explicit ShadowMap(uint64_t frame_count) : owned_(frame_count) {}

   // Records a block the plugin handed out. Returns an empty string when it is sound, else
   // what is wrong with it.
   std::string take(uint64_t frame, uint32_t order) {
      const uint64_t frames = uint64_t{1} << order;
      if (frame % frames != 0) {
         return "block at frame " + std::to_string(frame) + " is not aligned to its order";
      }
      if (frame >= owned_.size() || frames > owned_.size() - frame) {
         return "block at frame " + std::to_string(frame) + " leaves the region";
      }
      for (uint64_t inside = frame; inside < frame + frames; ++inside) {
         if (owned_[inside]) {
            return "block at frame " + std::to_string(frame) + " overlaps a live block";
         }
      }
      mark(frame, frames, true);
      return {};
   }

   void give_back(uint64_t frame, uint32_t order) { mark(frame, uint64_t{1} << order, false); }

   uint64_t owned_frames() const { return owned_count_; }

 private:
   void mark(uint64_t frame, uint64_t frames, bool owned) {
      for (uint64_t inside = frame; inside < frame + frames; ++inside) {
         owned_[inside] = owned;
      }
      owned_count_ = owned ? owned_count_ + frames : owned_count_ - frames;
   }

   std::vector<bool> owned_;
   uint64_t owned_count_ = 0;
};

} // namespace memfrag::test
