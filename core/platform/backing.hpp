// How a region is backed: the backing page size the host maps it with, and what the machine
// offers of each kind (huge-page pools, shmem transparent huge pages).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace memfrag::platform {

enum class BackingKind { base_4k, thp, hugetlb_2m, hugetlb_1g };

// What a run asks of its region's memory.
struct BackingRequest {
   BackingKind kind = BackingKind::base_4k;
   bool prefault = false; // touch every backing page before the run
   bool lock = false;     // mlock the mapping: no swapping, no reclaim by the OS
};

// "4k", "thp", "hugetlb-2m", "hugetlb-1g".
const char *backing_name(BackingKind kind);
std::optional<BackingKind> backing_from_name(const std::string &name);
// Bytes of one backing page: 4 KiB for 4k and thp (thp is best effort, measured afterwards).
std::uint64_t backing_page_bytes(BackingKind kind);
// Backing pages a region of `frame_count` frames needs, rounded up.
std::uint64_t backing_pages_for(BackingKind kind, std::uint64_t frame_count);

// The sysfs directory of the huge-page pool of `page_bytes`, for the whole machine or one node.
std::string hugepage_pool_dir(std::uint64_t page_bytes, std::optional<unsigned> node = {});
// Free huge pages in a pool; 0 when the pool does not exist.
std::uint64_t free_hugepages(std::uint64_t page_bytes, std::optional<unsigned> node = {});
// The selected mode of /sys/kernel/mm/transparent_hugepage/shmem_enabled ("" when absent).
std::string shmem_thp_mode();
// Whether madvise(MADV_HUGEPAGE) on a memory file mapping can give huge pages.
bool shmem_thp_possible();

// Why `kind` cannot back a region of `frame_count` frames now, with how to fix it; nullopt when
// it can. With `node`, huge pages must be free on that NUMA node (the region is bound to it).
std::optional<std::string> backing_unavailable(BackingKind kind, std::uint64_t frame_count,
                                               std::optional<unsigned> node = std::nullopt);

// The best backing available for `frame_count` frames (on `node` when given): hugetlb-1g,
// hugetlb-2m, thp, else 4k.
BackingKind best_backing(std::uint64_t frame_count, std::optional<unsigned> node = std::nullopt);

} // namespace memfrag::platform
