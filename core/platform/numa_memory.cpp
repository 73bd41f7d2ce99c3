#include "core/platform/numa_memory.hpp"

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstring>
#include <numa.h>
#include <numaif.h>
#include <vector>

namespace memfrag::platform {
namespace {

constexpr unsigned kBitsPerWord = sizeof(unsigned long) * CHAR_BIT;
// Pages asked about per move_pages call: bounds the address and status arrays.
constexpr std::size_t kQueryBatch = 4096;

std::string errno_text() {
   return std::strerror(errno);
}

// Queries one batch; negative status entries are errors per page (-ENOENT: not present).
std::optional<std::string> query_batch(std::vector<void *> &pages, NodeCounts &counts) {
   std::vector<int> status(pages.size(), 0);
   if (move_pages(0, pages.size(), pages.data(), nullptr, status.data(), 0) != 0) {
      return "cannot query the nodes of the region's backing pages (move_pages): " + errno_text();
   }
   for (int node : status) {
      if (node >= 0) {
         ++counts.pages_by_node[static_cast<unsigned>(node)];
      } else {
         ++counts.not_present;
      }
   }
   return std::nullopt;
}

} // namespace

std::optional<std::string> bind_memory_to_node(void *base, std::size_t bytes, unsigned node) {
   if (numa_available() < 0) {
      return "cannot bind the region to NUMA node " + std::to_string(node) +
             ": this kernel has no NUMA support";
   }
   std::vector<unsigned long> mask(node / kBitsPerWord + 1, 0);
   mask[node / kBitsPerWord] |= 1UL << (node % kBitsPerWord);
   // The kernel reads maxnode - 1 bits of the mask.
   const unsigned long maxnode = mask.size() * kBitsPerWord + 1;
   if (mbind(base, bytes, MPOL_BIND, mask.data(), maxnode, 0) != 0) {
      return "cannot bind the region to NUMA node " + std::to_string(node) +
             " (mbind MPOL_BIND): " + errno_text();
   }
   return std::nullopt;
}

NodeCounts backing_page_nodes(const void *base, std::size_t bytes, std::size_t page_bytes) {
   NodeCounts counts;
   std::vector<void *> pages;
   auto *address = const_cast<std::byte *>(static_cast<const std::byte *>(base));
   for (std::size_t offset = 0; offset < bytes && !counts.failure; offset += page_bytes) {
      pages.push_back(address + offset);
      if (pages.size() == kQueryBatch || offset + page_bytes >= bytes) {
         counts.failure = query_batch(pages, counts);
         pages.clear();
      }
   }
   return counts;
}

std::optional<unsigned> node_of_cpu(unsigned cpu) {
   if (numa_available() < 0 || cpu > static_cast<unsigned>(INT_MAX)) {
      return std::nullopt;
   }
   const int node = numa_node_of_cpu(static_cast<int>(cpu));
   return node < 0 ? std::nullopt : std::optional<unsigned>(static_cast<unsigned>(node));
}

} // namespace memfrag::platform
