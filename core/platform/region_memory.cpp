#include "core/platform/region_memory.hpp"

#include <linux/memfd.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <system_error>

namespace memfrag::platform {
namespace {

[[noreturn]] void fail(const std::string &what, std::uint64_t frame_count) {
   throw std::system_error(errno, std::generic_category(),
                           "cannot " + what + " a region of " + std::to_string(frame_count) +
                               " frames");
}

unsigned memfd_flags(BackingKind kind) {
   switch (kind) {
   case BackingKind::hugetlb_2m:
      return MFD_CLOEXEC | MFD_HUGETLB | MFD_HUGE_2MB;
   case BackingKind::hugetlb_1g:
      return MFD_CLOEXEC | MFD_HUGETLB | MFD_HUGE_1GB;
   default:
      return MFD_CLOEXEC;
   }
}

bool is_hugetlb(BackingKind kind) {
   return kind == BackingKind::hugetlb_2m || kind == BackingKind::hugetlb_1g;
}

// Hugetlb mappings reserve their huge pages at mmap, so a shortage fails here instead of as a
// SIGBUS at first touch; 4 KiB and THP mappings stay lazy.
int map_flags(BackingKind kind) {
   return is_hugetlb(kind) ? MAP_SHARED : MAP_SHARED | MAP_NORESERVE;
}

// Writing one zero byte per backing page faults it in without changing the contents.
void prefault(std::byte *base, std::uint64_t bytes, std::uint64_t page_bytes) {
   for (std::uint64_t offset = 0; offset < bytes; offset += page_bytes) {
      *static_cast<volatile std::byte *>(base + offset) = std::byte{0};
   }
}

// The "ShmemPmdMapped" kB of the smaps entry starting at `base`: memory-file bytes mapped with
// huge pages.
std::optional<std::uint64_t> smaps_huge_bytes(const std::byte *base) {
   std::ifstream smaps("/proc/self/smaps");
   char start[32];
   std::snprintf(start, sizeof start, "%lx-", reinterpret_cast<unsigned long>(base));
   std::string line;
   bool inside = false;
   while (std::getline(smaps, line)) {
      if (line.rfind(start, 0) == 0) {
         inside = true;
      } else if (inside && line.rfind("ShmemPmdMapped:", 0) == 0) {
         std::istringstream fields(line.substr(15));
         std::uint64_t kib = 0;
         fields >> kib;
         return kib * 1024;
      } else if (inside && line.rfind("VmFlags:", 0) == 0) {
         return std::nullopt;
      }
   }
   return std::nullopt;
}

} // namespace

RegionMemory::RegionMemory(std::uint64_t frame_count, RegionAccess access)
   : RegionMemory(frame_count, access, BackingRequest{}) {}

RegionMemory::RegionMemory(std::uint64_t frame_count, RegionAccess access,
                           const BackingRequest &request, std::optional<unsigned> node)
   : frame_count_(frame_count), request_(request), node_(node) {
   if (frame_count == 0) {
      return;
   }
   int protection = access == RegionAccess::none ? PROT_NONE : PROT_READ | PROT_WRITE;
   mapping_bytes_ = backing_pages_for(request.kind, frame_count) * backing_page_bytes(request.kind);
   file_ = memfd_create("memfrag-region", memfd_flags(request.kind));
   if (file_ < 0) {
      fail("create the memory file of", frame_count);
   }
   if (ftruncate(file_, static_cast<off_t>(mapping_bytes_)) != 0) {
      close(file_);
      fail("size the memory file of", frame_count);
   }
   void *mapping =
      mmap(nullptr, mapping_bytes_, protection, map_flags(request.kind), file_, 0);
   if (mapping == MAP_FAILED) {
      close(file_);
      fail(std::string("map (") + backing_name(request.kind) + " backing)", frame_count);
   }
   base_ = static_cast<std::byte *>(mapping);
   if (request.kind == BackingKind::thp && madvise(base_, mapping_bytes_, MADV_HUGEPAGE) != 0) {
      fail("ask for transparent huge pages for", frame_count);
   }
   if (node) {
      bind_failure_ = bind_memory_to_node(base_, mapping_bytes_, *node);
   }
   if (access == RegionAccess::read_write && request.prefault) {
      prefault(base_, mapping_bytes_, backing_page_bytes(request.kind));
   }
   if (request.lock) {
      if (mlock(base_, mapping_bytes_) != 0) {
         fail("lock (mlock; raise ulimit -l or run as root)", frame_count);
      }
      locked_ = true;
   }
}

RegionMemory::~RegionMemory() {
   if (base_ != nullptr) {
      munmap(base_, mapping_bytes_);
   }
   if (file_ >= 0) {
      close(file_);
   }
}

BackingObtained RegionMemory::backing() const {
   BackingObtained obtained;
   obtained.kind = request_.kind;
   obtained.page_bytes = backing_page_bytes(request_.kind);
   obtained.pages = mapping_bytes_ / obtained.page_bytes;
   obtained.mapped_frames = mapping_bytes_ / kFrameSize;
   obtained.prefaulted = request_.prefault;
   obtained.locked = locked_;
   if (base_ != nullptr && !is_hugetlb(request_.kind)) {
      obtained.thp_bytes = smaps_huge_bytes(base_);
   }
   if (request_.kind == BackingKind::thp && obtained.thp_bytes.value_or(0) == 0) {
      obtained.kind = BackingKind::base_4k;
   }
   return obtained;
}

NodeCounts RegionMemory::backing_page_nodes() const {
   return platform::backing_page_nodes(base_, mapping_bytes_, backing_page_bytes(request_.kind));
}

} // namespace memfrag::platform
