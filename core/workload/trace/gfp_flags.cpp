#include "core/workload/trace/gfp_flags.hpp"

#include "memfrag/allocator.h"

#include <array>
#include <utility>

namespace memfrag::workload::trace {

namespace {

constexpr std::uint32_t kReclaim = gfp_direct_reclaim | gfp_kswapd_reclaim;
constexpr std::uint32_t kKernel = kReclaim | gfp_io | gfp_fs;
constexpr std::uint32_t kUser = kKernel | gfp_hardwall;
constexpr std::uint32_t kHighuserMovable = kUser | gfp_highmem | gfp_movable;
constexpr std::uint32_t kTranshugeLight =
    (kHighuserMovable | gfp_comp | gfp_nomemalloc | gfp_nowarn) & ~kReclaim;

// Composite names expand to their parts as defined in include/linux/gfp_types.h; the older names
// (__GFP_WAIT before 4.4, GFP_TEMPORARY before 4.14, GFP_IOFS before 4.4) as they were then.
constexpr std::array<std::pair<std::string_view, std::uint32_t>, 49> kNames{{
    {"GFP_KERNEL", kKernel},
    {"GFP_KERNEL_ACCOUNT", kKernel | gfp_account},
    {"GFP_ATOMIC", gfp_high | gfp_kswapd_reclaim},
    {"GFP_NOWAIT", gfp_kswapd_reclaim},
    {"GFP_NOIO", kReclaim},
    {"GFP_NOFS", kReclaim | gfp_io},
    {"GFP_USER", kUser},
    {"GFP_DMA", gfp_dma},
    {"GFP_DMA32", gfp_dma32},
    {"GFP_HIGHUSER", kUser | gfp_highmem},
    {"GFP_HIGHUSER_MOVABLE", kHighuserMovable},
    {"GFP_TRANSHUGE_LIGHT", kTranshugeLight},
    {"GFP_TRANSHUGE", kTranshugeLight | gfp_direct_reclaim},
    {"GFP_TEMPORARY", kKernel | gfp_reclaimable},
    {"GFP_IOFS", gfp_io | gfp_fs},
    {"GFP_THISNODE", gfp_thisnode | gfp_nowarn | gfp_noretry},
    {"GFP_NOFS_ACCOUNT", kReclaim | gfp_io | gfp_account},
    {"__GFP_DMA", gfp_dma},
    {"__GFP_HIGHMEM", gfp_highmem},
    {"__GFP_DMA32", gfp_dma32},
    {"__GFP_MOVABLE", gfp_movable},
    {"__GFP_RECLAIMABLE", gfp_reclaimable},
    {"__GFP_HIGH", gfp_high},
    {"__GFP_IO", gfp_io},
    {"__GFP_FS", gfp_fs},
    {"__GFP_ZERO", gfp_zero},
    {"__GFP_RECLAIM", kReclaim},
    {"__GFP_DIRECT_RECLAIM", gfp_direct_reclaim},
    {"__GFP_WAIT", gfp_direct_reclaim},
    {"__GFP_KSWAPD_RECLAIM", gfp_kswapd_reclaim},
    {"__GFP_WRITE", gfp_write},
    {"__GFP_NOWARN", gfp_nowarn},
    {"__GFP_RETRY_MAYFAIL", gfp_retry_mayfail},
    {"__GFP_REPEAT", gfp_retry_mayfail},
    {"__GFP_NOFAIL", gfp_nofail},
    {"__GFP_NORETRY", gfp_noretry},
    {"__GFP_MEMALLOC", gfp_memalloc},
    {"__GFP_COMP", gfp_comp},
    {"__GFP_NOMEMALLOC", gfp_nomemalloc},
    {"__GFP_HARDWALL", gfp_hardwall},
    {"__GFP_THISNODE", gfp_thisnode},
    {"__GFP_ACCOUNT", gfp_account},
    {"__GFP_ATOMIC", gfp_atomic_legacy},
    // Flags without a bearing on class or mobility, known so that they are not reported unknown.
    {"__GFP_ZEROTAGS", 0},
    {"__GFP_NO_OBJ_EXT", 0},
    {"__GFP_SKIP_KASAN", 0},
    {"__GFP_SKIP_ZERO", 0},
    {"__GFP_COLD", 0},
    {"__GFP_NOTRACK", 0},
}};

std::uint32_t flag_bits(std::string_view name) {
   for (const auto &[known, bits] : kNames)
      if (known == name)
         return bits;
   return gfp_unknown_name;
}

bool is_flag_name(std::string_view name) {
   return name.size() > 4 && (name.starts_with("GFP_") || name.starts_with("__GFP_"));
}

} // namespace

std::uint32_t parse_gfp_flags(std::string_view text) {
   if (text == "none")
      return 0;
   std::uint32_t mask = 0;
   while (!text.empty()) {
      const std::size_t bar = text.find('|');
      const std::string_view name = text.substr(0, bar);
      if (!is_flag_name(name))
         return gfp_not_symbolic;
      mask |= flag_bits(name);
      text = bar == std::string_view::npos ? std::string_view{} : text.substr(bar + 1);
   }
   return mask == 0 ? gfp_not_symbolic : mask;
}

// A request that may not enter direct reclaim cannot wait: GFP_ATOMIC, GFP_NOWAIT and the
// opportunistic high-order attempts (slab, THP "light") all lack __GFP_DIRECT_RECLAIM. That is
// the kernel's own test (gfpflags_allow_blocking), so it holds across versions.
std::uint32_t gfp_request_class(std::uint32_t gfp) {
   if ((gfp & gfp_not_symbolic) != 0)
      return 0;
   std::uint32_t request = 0;
   if ((gfp & gfp_direct_reclaim) == 0 || (gfp & gfp_atomic_legacy) != 0)
      request |= MEMFRAG_REQ_ATOMIC;
   if ((gfp & gfp_high) != 0)
      request |= MEMFRAG_REQ_HIGH;
   return request;
}

std::optional<std::uint32_t> gfp_mobility(std::uint32_t gfp) {
   if ((gfp & gfp_not_symbolic) != 0)
      return std::nullopt;
   if ((gfp & gfp_movable) != 0)
      return MEMFRAG_MOBILITY_MOVABLE;
   if ((gfp & gfp_reclaimable) != 0)
      return MEMFRAG_MOBILITY_RECLAIMABLE;
   return MEMFRAG_MOBILITY_UNMOVABLE;
}

} // namespace memfrag::workload::trace
