// The region's free-frame watermarks as the kernel sets them for a zone, and the boost that
// raises them after a fragmenting fallback (Linux 5.0, boost_watermark()).
#pragma once

#include <algorithm>
#include <cstdint>

namespace memfrag::compaction {

// min_free_kbytes = int_sqrt(kbytes * 16) clamped to 128 KiB .. 256 MiB, and the distances
// between min, low and high: a quarter of min or watermark_scale_factor (10 = 0.1%) of the
// zone, whichever is larger (mm/page_alloc.c, __setup_per_zone_wmarks).
struct Watermarks {
   uint64_t min;
   uint64_t low;
   uint64_t high;

   static Watermarks for_region(uint64_t frame_count) noexcept {
      constexpr uint64_t kbytes_per_frame = 4;
      constexpr uint64_t scale_factor = 10;
      const uint64_t min_kbytes =
          std::clamp<uint64_t>(integer_sqrt(frame_count * kbytes_per_frame * 16), 128, 262144);
      const uint64_t min = std::min(frame_count, min_kbytes / kbytes_per_frame);
      const uint64_t distance = std::max(min / 4, frame_count * scale_factor / 10000);
      return {min, min + distance, min + 2 * distance};
   }

 private:
   static uint64_t integer_sqrt(uint64_t value) noexcept {
      uint64_t root = 0;
      for (uint64_t bit = uint64_t{1} << 62; bit != 0; bit >>= 2) {
         if (value >= root + bit) {
            value -= root + bit;
            root = (root >> 1) + bit;
         } else {
            root >>= 1;
         }
      }
      return root;
   }
};

// The boost: each fragmenting fallback adds a pageblock's worth of frames, up to
// watermark_boost_factor / 10000 of the high watermark (at least one pageblock); 0 disables it.
class WatermarkBoost {
 public:
   WatermarkBoost(const Watermarks &marks, uint64_t factor, uint64_t pageblock_frames) noexcept
       : max_boost_(factor == 0 ? 0 : std::max(marks.high * factor / 10000, pageblock_frames)),
         step_(pageblock_frames) {}

   bool enabled() const noexcept { return max_boost_ != 0; }

   void raise() noexcept { boost_ = std::min(boost_ + step_, max_boost_); }

   void clear() noexcept { boost_ = 0; }
   uint64_t frames() const noexcept { return boost_; }
   uint64_t max_frames() const noexcept { return max_boost_; }

 private:
   uint64_t max_boost_;
   uint64_t step_;
   uint64_t boost_ = 0;
};

} // namespace memfrag::compaction
