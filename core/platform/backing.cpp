#include "core/platform/backing.hpp"

#include <array>
#include <filesystem>
#include <fstream>

namespace memfrag::platform {
namespace {

constexpr std::uint64_t kBaseBytes = 4096;
constexpr std::uint64_t kHuge2mBytes = std::uint64_t{2} << 20;
constexpr std::uint64_t kHuge1gBytes = std::uint64_t{1} << 30;

struct Named {
   BackingKind kind;
   const char *name;
};
constexpr std::array kNames{Named{BackingKind::base_4k, "4k"}, Named{BackingKind::thp, "thp"},
                            Named{BackingKind::hugetlb_2m, "hugetlb-2m"},
                            Named{BackingKind::hugetlb_1g, "hugetlb-1g"}};

std::uint64_t read_number(const std::string &path) {
   std::ifstream in(path);
   std::uint64_t value = 0;
   in >> value;
   return in ? value : 0;
}

} // namespace

const char *backing_name(BackingKind kind) {
   for (const auto &named : kNames) {
      if (named.kind == kind) {
         return named.name;
      }
   }
   return "4k";
}

std::optional<BackingKind> backing_from_name(const std::string &name) {
   for (const auto &named : kNames) {
      if (name == named.name) {
         return named.kind;
      }
   }
   return std::nullopt;
}

std::uint64_t backing_page_bytes(BackingKind kind) {
   switch (kind) {
   case BackingKind::hugetlb_2m:
      return kHuge2mBytes;
   case BackingKind::hugetlb_1g:
      return kHuge1gBytes;
   default:
      return kBaseBytes;
   }
}

std::uint64_t backing_pages_for(BackingKind kind, std::uint64_t frame_count) {
   const std::uint64_t page = backing_page_bytes(kind);
   return (frame_count * kBaseBytes + page - 1) / page;
}

std::string hugepage_pool_dir(std::uint64_t page_bytes, std::optional<unsigned> node) {
   const std::string pool = "hugepages-" + std::to_string(page_bytes / 1024) + "kB";
   if (node) {
      return "/sys/devices/system/node/node" + std::to_string(*node) + "/hugepages/" + pool;
   }
   return "/sys/kernel/mm/hugepages/" + pool;
}

std::uint64_t free_hugepages(std::uint64_t page_bytes, std::optional<unsigned> node) {
   return read_number(hugepage_pool_dir(page_bytes, node) + "/free_hugepages");
}

std::string shmem_thp_mode() {
   std::ifstream in("/sys/kernel/mm/transparent_hugepage/shmem_enabled");
   std::string choices;
   std::getline(in, choices);
   auto open = choices.find('[');
   auto close = choices.find(']');
   return open != std::string::npos && close > open ? choices.substr(open + 1, close - open - 1)
                                                    : "";
}

bool shmem_thp_possible() {
   const std::string mode = shmem_thp_mode();
   return mode == "advise" || mode == "always" || mode == "within_size" || mode == "force";
}

std::optional<std::string> backing_unavailable(BackingKind kind, std::uint64_t frame_count,
                                               std::optional<unsigned> node) {
   // A kernel without NUMA sysfs has no per-node pools: the machine's pool is the node's.
   if (node && !std::filesystem::exists(hugepage_pool_dir(backing_page_bytes(kind), node))) {
      node.reset();
   }
   if (kind == BackingKind::base_4k) {
      return std::nullopt;
   }
   if (kind == BackingKind::thp) {
      if (shmem_thp_possible()) {
         return std::nullopt;
      }
      return "transparent huge pages for memory files are off (shmem_enabled is '" +
             shmem_thp_mode() +
             "'); enable them with: echo advise > "
             "/sys/kernel/mm/transparent_hugepage/shmem_enabled";
   }
   const std::uint64_t page = backing_page_bytes(kind);
   const std::uint64_t needed = backing_pages_for(kind, frame_count);
   const std::uint64_t available = free_hugepages(page, node);
   if (available >= needed) {
      return std::nullopt;
   }
   const std::string size = kind == BackingKind::hugetlb_2m ? "2m" : "1g";
   const std::string on_node = node ? "@" + std::to_string(*node) : "";
   return std::string(backing_name(kind)) + " needs " + std::to_string(needed) +
          " free huge pages of " + std::to_string(page >> 20) + " MiB for " +
          std::to_string(frame_count) + " frames" +
          (node ? " on NUMA node " + std::to_string(*node) : "") + ", but " +
          std::to_string(available) + " are free; reserve them with --reserve-hugepages " +
          std::to_string(needed) + ":" + size + on_node + " (as root) or: echo " +
          std::to_string(needed) + " > " + hugepage_pool_dir(page, node) + "/nr_hugepages";
}

BackingKind best_backing(std::uint64_t frame_count, std::optional<unsigned> node) {
   for (BackingKind kind : {BackingKind::hugetlb_1g, BackingKind::hugetlb_2m, BackingKind::thp}) {
      if (!backing_unavailable(kind, frame_count, node)) {
         return kind;
      }
   }
   return BackingKind::base_4k;
}

} // namespace memfrag::platform
