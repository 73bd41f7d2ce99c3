// The traced kernel's free frames from /proc/kpageflags (root only): frames flagged KPF_BUDDY
// (bit 10) are held free by the buddy allocator.
#pragma once

#include "core/workload/trace/free_frames.hpp"

#include <cstdint>
#include <span>
#include <string>

namespace memfrag::workload::trace {

inline constexpr unsigned kKpfBuddy = 10;

// Reads `path` in chunks (one large read fails with EINVAL). Throws TraceReadError.
FreeFrameSet read_kpageflags_free_frames(const std::string &path = "/proc/kpageflags");

// The free set of the flag words of frames [first_pfn, first_pfn + flags.size()).
// Kernels differ: some flag every frame of a free block, others (as documented) only the first.
// When no two adjacent frames are flagged, the flags are taken as first-frame-only and each
// flagged frame is extended over the following flag-less frames its alignment allows.
FreeFrameSet free_frames_from_flags(std::span<const std::uint64_t> flags, std::uint64_t first_pfn);

// Reads a whole text file such as /proc/buddyinfo; empty when it cannot be read.
std::string read_text_file(const std::string &path);

} // namespace memfrag::workload::trace
