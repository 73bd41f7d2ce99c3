#include "core/workload/trace/migratetype.hpp"

#include "memfrag/allocator.h"

#include <charconv>

namespace memfrag::workload::trace {

const char *numbering_name(MigratetypeNumbering numbering) {
   return numbering == MigratetypeNumbering::pre_4_4 ? "pre-4.4" : "current";
}

std::optional<MigratetypeNumbering> numbering_from_name(std::string_view name) {
   if (name == "current")
      return MigratetypeNumbering::current;
   if (name == "pre-4.4")
      return MigratetypeNumbering::pre_4_4;
   return std::nullopt;
}

std::optional<MigratetypeNumbering> numbering_for_kernel(std::string_view release) {
   unsigned major = 0;
   unsigned minor = 0;
   const char *end = release.data() + release.size();
   auto [after_major, major_error] = std::from_chars(release.data(), end, major);
   if (major_error != std::errc{} || after_major == end || *after_major != '.')
      return std::nullopt;
   auto [after_minor, minor_error] = std::from_chars(after_major + 1, end, minor);
   if (minor_error != std::errc{})
      return std::nullopt;
   const bool before_4_4 = major < 4 || (major == 4 && minor < 4);
   return before_4_4 ? MigratetypeNumbering::pre_4_4 : MigratetypeNumbering::current;
}

std::optional<std::uint32_t> migratetype_mobility(int migratetype, MigratetypeNumbering numbering) {
   const bool old = numbering == MigratetypeNumbering::pre_4_4;
   switch (migratetype) {
   case 0:
      return MEMFRAG_MOBILITY_UNMOVABLE;
   case 1:
      return old ? MEMFRAG_MOBILITY_RECLAIMABLE : MEMFRAG_MOBILITY_MOVABLE;
   case 2:
      return old ? MEMFRAG_MOBILITY_MOVABLE : MEMFRAG_MOBILITY_RECLAIMABLE;
   default:
      return std::nullopt;
   }
}

} // namespace memfrag::workload::trace
