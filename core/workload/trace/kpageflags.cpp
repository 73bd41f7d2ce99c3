#include "core/workload/trace/kpageflags.hpp"

#include "core/workload/trace/byte_source.hpp"

#include <algorithm>
#include <bit>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <sstream>
#include <unistd.h>
#include <vector>

namespace memfrag::workload::trace {

namespace {

constexpr std::size_t kChunkWords = 1u << 16;
constexpr std::uint32_t kHighestBlockOrder = 10;

bool flagged(std::uint64_t word) {
   return ((word >> kKpfBuddy) & 1u) != 0;
}

bool adjacent_flagged(std::span<const std::uint64_t> flags) {
   for (std::size_t index = 1; index < flags.size(); ++index)
      if (flagged(flags[index]) && flagged(flags[index - 1]))
         return true;
   return false;
}

// Frames after a flagged first frame that belong to its free block: flag-less, within the
// largest block its alignment permits.
std::uint64_t head_only_extent(std::span<const std::uint64_t> flags, std::size_t head,
                               std::uint64_t pfn) {
   const std::uint32_t alignment =
       pfn == 0 ? kHighestBlockOrder
                : std::min<std::uint32_t>(kHighestBlockOrder, std::countr_zero(pfn));
   std::uint64_t extent = 1;
   while (extent < (std::uint64_t{1} << alignment) && head + extent < flags.size() &&
          flags[head + extent] == 0)
      ++extent;
   return std::bit_floor(extent);
}

} // namespace

FreeFrameSet free_frames_from_flags(std::span<const std::uint64_t> flags, std::uint64_t first_pfn) {
   FreeFrameSet free_frames(first_pfn, flags.size());
   const bool every_frame = adjacent_flagged(flags);
   for (std::size_t index = 0; index < flags.size(); ++index) {
      if (!flagged(flags[index]))
         continue;
      const std::uint64_t extent =
          every_frame ? 1 : head_only_extent(flags, index, first_pfn + index);
      free_frames.set(first_pfn + index, extent, true);
   }
   return free_frames;
}

FreeFrameSet read_kpageflags_free_frames(const std::string &path) {
   const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
   if (fd < 0)
      throw TraceReadError(path + ": cannot open: " + std::strerror(errno));
   std::vector<std::uint64_t> flags;
   std::vector<std::uint64_t> chunk(kChunkWords);
   for (;;) {
      const ssize_t got =
          ::pread(fd, chunk.data(), kChunkWords * 8, static_cast<off_t>(flags.size() * 8));
      if (got < 0 && errno == EINTR)
         continue;
      if (got < 0) {
         const int error = errno;
         ::close(fd);
         throw TraceReadError(path + ": read failed: " + std::strerror(error));
      }
      if (got == 0)
         break;
      flags.insert(flags.end(), chunk.begin(), chunk.begin() + got / 8);
   }
   ::close(fd);
   return free_frames_from_flags(flags, 0);
}

std::string read_text_file(const std::string &path) {
   std::ifstream file(path);
   std::ostringstream text;
   text << file.rdbuf();
   return text.str();
}

} // namespace memfrag::workload::trace
