// The compaction plugin's statistics: the mobility grouping's own (its counters and the
// /proc/pagetypeinfo view), then what compaction, the daemon, the boost and the highatomic
// reserve did, in the order of CompactionAllocator::stat_value().
#pragma once

#include "../mobility/mobility_stats.hpp"

#include <array>
#include <cstddef>

namespace memfrag::compaction {

inline constexpr std::array compaction_stat_names{
    "compaction_runs",         "compaction_successes",
    "compaction_failures",     "compaction_deferred",
    "compaction_skipped",      "migrated_blocks",
    "migrated_frames",         "failed_migrations",
    "migrate_scanned_frames",  "free_scanned_frames",
    "compact_defer_shift",     "proactive_runs",
    "proactive_deferred",      "proactive_score",
    "watermark_boosts",        "boost_frames",
    "boost_reclaimed_frames",  "boosted_compaction_runs",
    "highatomic_reservations", "highatomic_releases",
    "highatomic_served",       "highatomic_reserved_frames"};

namespace detail {

constexpr auto all_stat_names() {
   std::array<const char *, mobility::stat_names.size() + compaction_stat_names.size()> names{};
   std::size_t index = 0;
   for (const char *name : mobility::stat_names) {
      names[index++] = name;
   }
   for (const char *name : compaction_stat_names) {
      names[index++] = name;
   }
   return names;
}

} // namespace detail

inline constexpr auto stat_names = detail::all_stat_names();

} // namespace memfrag::compaction
