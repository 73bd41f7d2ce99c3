// Symbolic GFP flags as the kernel prints them ("GFP_KERNEL|__GFP_ZERO"), read into memfrag's own
// bit set, and mapped to memfrag's request class and mobility. Rules: docs/trace-format.md.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace memfrag::workload::trace {

// memfrag's GFP bits. Positions follow the 6.x kernel's ___GFP_* so that a mask reads the same
// as the kernel's, but they are memfrag's own: .mft files store them and they never move.
enum GfpBit : std::uint32_t {
   gfp_dma = 1u << 0,
   gfp_highmem = 1u << 1,
   gfp_dma32 = 1u << 2,
   gfp_movable = 1u << 3,
   gfp_reclaimable = 1u << 4,
   gfp_high = 1u << 5,
   gfp_io = 1u << 6,
   gfp_fs = 1u << 7,
   gfp_zero = 1u << 8,
   gfp_direct_reclaim = 1u << 10,
   gfp_kswapd_reclaim = 1u << 11,
   gfp_write = 1u << 12,
   gfp_nowarn = 1u << 13,
   gfp_retry_mayfail = 1u << 14,
   gfp_nofail = 1u << 15,
   gfp_noretry = 1u << 16,
   gfp_memalloc = 1u << 17,
   gfp_comp = 1u << 18,
   gfp_nomemalloc = 1u << 19,
   gfp_hardwall = 1u << 20,
   gfp_thisnode = 1u << 21,
   gfp_account = 1u << 22,
   gfp_atomic_legacy = 1u << 28, // __GFP_ATOMIC of kernels 4.4 to 6.3
   gfp_unknown_name = 1u << 30,  // a name this table does not know was printed
   gfp_not_symbolic = 1u << 31,  // the field was a number or empty: nothing is known
};

// Reads a gfp_flags value: names joined by '|', or "none". Unknown names set gfp_unknown_name;
// a value that is not a list of names gives gfp_not_symbolic.
std::uint32_t parse_gfp_flags(std::string_view text);

// MEMFRAG_REQ_ATOMIC / MEMFRAG_REQ_HIGH as the mask implies; 0 when it is not symbolic.
std::uint32_t gfp_request_class(std::uint32_t gfp);

// The mobility (MEMFRAG_MOBILITY_*) the mask implies, or nothing when it is not symbolic.
std::optional<std::uint32_t> gfp_mobility(std::uint32_t gfp);

} // namespace memfrag::workload::trace
