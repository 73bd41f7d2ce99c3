#include "core/platform/pagemap.hpp"

#include <algorithm>
#include <cerrno>
#include <fcntl.h>
#include <system_error>
#include <unistd.h>

namespace memfrag::platform {
namespace {

constexpr std::uint64_t kPresent = std::uint64_t{1} << 63;
constexpr std::uint64_t kFrameNumberBits = (std::uint64_t{1} << 55) - 1;
constexpr std::uintptr_t kFrameBytes = 4096;
// Entries read per pread: 64 KiB of pagemap describes 32 MiB of the mapping.
constexpr std::size_t kEntriesPerRead = 8192;

class PagemapFile {
 public:
   PagemapFile() : file_(open("/proc/self/pagemap", O_RDONLY | O_CLOEXEC)) {}
   ~PagemapFile() {
      if (file_ >= 0) {
         close(file_);
      }
   }
   PagemapFile(const PagemapFile &) = delete;
   PagemapFile &operator=(const PagemapFile &) = delete;
   bool open_ok() const { return file_ >= 0; }

   // Reads the entries of `count` frames from virtual frame `first` into `entries`.
   bool read(std::uintptr_t first, std::uint64_t *entries, std::size_t count) const {
      const auto bytes = static_cast<ssize_t>(count * sizeof(std::uint64_t));
      const auto offset = static_cast<off_t>(first * sizeof(std::uint64_t));
      return pread(file_, entries, static_cast<std::size_t>(bytes), offset) == bytes;
   }

 private:
   int file_;
};

std::uint64_t frame_number(std::uint64_t entry) {
   return (entry & kPresent) != 0 ? entry & kFrameNumberBits : 0;
}

} // namespace

bool pagemap_gives_frames() {
   static volatile int probe = 1;
   probe = 2;
   PagemapFile pagemap;
   std::uint64_t entry = 0;
   const auto frame = reinterpret_cast<std::uintptr_t>(&probe) / kFrameBytes;
   return pagemap.open_ok() && pagemap.read(frame, &entry, 1) && frame_number(entry) != 0;
}

std::vector<std::uint64_t> frame_numbers(const std::byte *base, std::uint64_t frames) {
   PagemapFile pagemap;
   if (!pagemap.open_ok()) {
      throw std::system_error(errno, std::generic_category(), "cannot open /proc/self/pagemap");
   }
   std::vector<std::uint64_t> numbers(frames, 0);
   const std::uintptr_t first = reinterpret_cast<std::uintptr_t>(base) / kFrameBytes;
   for (std::uint64_t done = 0; done < frames;) {
      const auto count =
          static_cast<std::size_t>(std::min<std::uint64_t>(kEntriesPerRead, frames - done));
      if (!pagemap.read(first + done, numbers.data() + done, count)) {
         throw std::system_error(errno, std::generic_category(), "cannot read /proc/self/pagemap");
      }
      done += count;
   }
   std::transform(numbers.begin(), numbers.end(), numbers.begin(), frame_number);
   return numbers;
}

} // namespace memfrag::platform
