// NUMA placement of a mapping's memory: binding it to one node before any fault, and finding
// afterwards on which node each backing page sits. Failures are returned as text for the caller
// to record as warnings; nothing here throws.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>

namespace memfrag::platform {

// Binds [base, base + bytes) to `node` with MPOL_BIND: pages faulted in afterwards come from
// that node only. On a memory file mapped shared the policy is the file's, so every mapping of
// its frames shares it. Call before the first fault. Returns why it failed; nullopt when bound.
std::optional<std::string> bind_memory_to_node(void *base, std::size_t bytes, unsigned node);

// Where the backing pages of a mapping are.
struct NodeCounts {
   std::map<unsigned, std::uint64_t> pages_by_node; // backing pages present, by node
   std::uint64_t not_present = 0;                   // never faulted in (nothing to place)
   std::optional<std::string> failure;              // the query failed: counts are incomplete
};

// Asks the kernel (move_pages without a target: nothing moves) for the node of each backing
// page of `page_bytes` in [base, base + bytes).
NodeCounts backing_page_nodes(const void *base, std::size_t bytes, std::size_t page_bytes);

// The NUMA node of OS CPU `cpu`, when the OS says.
std::optional<unsigned> node_of_cpu(unsigned cpu);

} // namespace memfrag::platform
