// The extent allocator's invariants: the free extents lie in the region in strictly increasing
// address order, no two of them touch (every free coalesced), each carries its length in the
// tags at both ends, the bitmaps mark exactly their first and last frames, and the counts match.
#include "extent_allocator.hpp"

#include <cinttypes>

namespace memfrag::extent {

bool ExtentAllocator::validate_extent(cpp::Diagnostic &diagnostic, const Extent &extent,
                                      uint64_t previous_end) const {
   const uint64_t frame_count = extents_.frame_count();
   if (extent.length == 0 || extent.start >= frame_count ||
       extent.length > frame_count - extent.start) {
      return diagnostic.fail("free extent at frame %" PRIu64 " of %" PRIu64
                             " frames leaves the region of %" PRIu64 " frames",
                             extent.start, extent.length, frame_count);
   }
   if (extent.start < previous_end) {
      return diagnostic.fail("free extent at frame %" PRIu64 " overlaps the one before it, which "
                             "ends at frame %" PRIu64,
                             extent.start, previous_end);
   }
   if (extent.start == previous_end && previous_end != 0) {
      return diagnostic.fail("free extents before and at frame %" PRIu64 " touch: not coalesced",
                             extent.start);
   }
   const uint64_t last = extent.end() - 1;
   if (extents_.tag(last) != extent.length || !extents_.ends_extent(last)) {
      return diagnostic.fail("free extent at frame %" PRIu64 " of %" PRIu64
                             " frames: its last frame %" PRIu64 " has tag %" PRIu32
                             " and end mark %d",
                             extent.start, extent.length, last, extents_.tag(last),
                             extents_.ends_extent(last) ? 1 : 0);
   }
   return true;
}

bool ExtentAllocator::validate_marks(cpp::Diagnostic &diagnostic, uint64_t starts,
                                     uint64_t ends) const {
   if (extents_.start_marks() != starts || extents_.end_marks() != ends) {
      return diagnostic.fail("%" PRIu64 " start and %" PRIu64 " end marks for %" PRIu64
                             " free extents",
                             extents_.start_marks(), extents_.end_marks(), starts);
   }
   if (!extents_.summary_matches()) {
      return diagnostic.fail("the summary bitmap does not match the start marks");
   }
   return true;
}

bool ExtentAllocator::validate(cpp::Diagnostic &diagnostic) const {
   uint64_t extents = 0, free_frames = 0, previous_end = 0;
   bool valid = true;
   extents_.for_each([&](const Extent &extent) {
      valid = validate_extent(diagnostic, extent, previous_end);
      previous_end = extent.end();
      ++extents;
      free_frames += extent.length;
      return valid;
   });
   if (!valid || !validate_marks(diagnostic, extents, extents)) {
      return false;
   }
   if (extents != extents_.extent_count() || free_frames != extents_.free_frames()) {
      return diagnostic.fail("%" PRIu64 " free extents of %" PRIu64
                             " frames found, the counts say %" PRIu64 " of %" PRIu64,
                             extents, free_frames, extents_.extent_count(), extents_.free_frames());
   }
   return true;
}

} // namespace memfrag::extent
