// The numbers mm_page_alloc prints as migratetype=, which changed meaning in Linux 4.4
// (docs/trace-format.md, "Migratetype numbering").
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace memfrag::workload::trace {

enum class MigratetypeNumbering : std::uint8_t {
   current = 0, // 4.4 and later: unmovable 0, movable 1, reclaimable 2
   pre_4_4 = 1, // before 4.4: unmovable 0, reclaimable 1, movable 2
};

inline constexpr MigratetypeNumbering kDefaultNumbering = MigratetypeNumbering::current;

const char *numbering_name(MigratetypeNumbering numbering);
// "current" or "pre-4.4"; nothing for anything else.
std::optional<MigratetypeNumbering> numbering_from_name(std::string_view name);
// The numbering of a kernel by its release ("3.10.0-1160.el7", "6.18.44"); nothing when the
// text does not start with a version.
std::optional<MigratetypeNumbering> numbering_for_kernel(std::string_view release);

// MEMFRAG_MOBILITY_* of a printed migratetype, or nothing for the types that are not a
// mobility (highatomic, CMA, isolate, reserve) and for negative values.
std::optional<std::uint32_t> migratetype_mobility(int migratetype, MigratetypeNumbering numbering);

} // namespace memfrag::workload::trace
