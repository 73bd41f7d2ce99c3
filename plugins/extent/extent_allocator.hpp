// The exact-size extent allocator: free frames kept as address-ordered free extents, coalesced
// with both neighbours on every free. A request takes the first extent that fits it (first fit)
// or the smallest one (best fit). Runs of any number of frames are served through the exact-size
// extension (include/memfrag/ext/exact.h), blocks of 2^order frames through alloc(), aligned to
// their size as the core ABI promises (README.md).
#pragma once

#include "extent_map.hpp"
#include "memfrag/cpp/plugin.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace memfrag::extent {

enum class Fit : uint8_t { first, best };

inline constexpr const char *fit_choices[] = {"first", "best", nullptr};

class ExtentAllocator {
 public:
   static constexpr cpp::AllocatorInfo info{
       "extent", "Exact-size extent allocator", "memfrag", "1.0.0",
       "Address-ordered free extents with first or best fit, coalescing on free, serving runs of "
       "any number of frames through the exact-size extension."};

   static constexpr std::array params{
       cpp::string_param("fit",
                         "Which free extent serves a request: the lowest-addressed one that fits "
                         "(first) or the smallest one that fits (best).",
                         "first", fit_choices),
       cpp::int_param("max_order", "Highest order alloc() serves.", 10, 0, 30),
   };

   static constexpr std::array stat_names{"free_extents", "largest_free_extent", "runs_served",
                                          "blocks_served"};

   // ExtentMap::bytes_for(); SIZE_MAX when the region has more frames than 32 bits number.
   static std::size_t metadata_size(const cpp::Config &config);

   explicit ExtentAllocator(const cpp::CreateContext &context);

   uint64_t alloc(uint32_t order, uint32_t flags, uint32_t cpu) noexcept;
   void free(uint64_t frame, uint32_t order, uint32_t cpu) noexcept;
   uint64_t alloc_run(uint64_t frames) noexcept;
   void free_run(uint64_t frame, uint64_t frames) noexcept;

   bool validate(cpp::Diagnostic &diagnostic) const;
   double stat_value(std::size_t index) const noexcept;
   const void *extension(std::string_view id) const noexcept;

   Fit fit() const noexcept { return fit_; }

 private:
   // Where a request of `length` frames aligned to `alignment` frames would go inside `extent`,
   // if it fits there.
   static std::optional<uint64_t> place_in(const Extent &extent, uint64_t length,
                                           uint64_t alignment) noexcept;
   // Takes `length` frames aligned to `alignment` from the extent the fit policy chooses.
   uint64_t take(uint64_t length, uint64_t alignment) noexcept;

   bool validate_extent(cpp::Diagnostic &diagnostic, const Extent &extent,
                        uint64_t previous_end) const;
   bool validate_marks(cpp::Diagnostic &diagnostic, uint64_t starts, uint64_t ends) const;

   ExtentMap extents_;
   Fit fit_;
   uint32_t max_order_;
   uint64_t runs_served_ = 0;
   uint64_t blocks_served_ = 0;
};

} // namespace memfrag::extent
