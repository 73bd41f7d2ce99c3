// Physical frame numbers of a mapping, from /proc/self/pagemap. The kernel shows them only to
// a process with CAP_SYS_ADMIN; any other reads zeros where the numbers would be.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace memfrag::platform {

// Whether pagemap gives this process frame numbers (tried on a page of its own data).
bool pagemap_gives_frames();

// The physical frame number of each 4 KiB frame of [base, base + frames * 4 KiB), in order; 0
// for a frame that is not present (never faulted in, swapped out) or when the numbers are
// hidden. Throws std::system_error when pagemap cannot be read.
std::vector<std::uint64_t> frame_numbers(const std::byte *base, std::uint64_t frames);

} // namespace memfrag::platform
