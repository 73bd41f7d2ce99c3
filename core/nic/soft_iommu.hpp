// The software device's IOMMU: I/O virtual address ranges mapped onto this process's memory.
// Every device access is translated here; one that no mapping covers entirely is refused, as
// an IOMMU blocks it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>

namespace memfrag::nic {

class SoftIommu {
 public:
   // Maps [address, address + length) at a fresh IOVA range and returns its start. IOVAs are
   // never reused and one unmapped frame separates consecutive ranges, so a stale or overrun
   // address is never translated. Throws std::invalid_argument unless address and length are
   // non-zero multiples of 4096.
   std::uint64_t map(std::byte *address, std::size_t length);
   // Withdraws the mapping made at `iova` with `length`. Throws std::invalid_argument when
   // there is no such mapping.
   void unmap(std::uint64_t iova, std::size_t length);
   // The bytes behind [iova, iova + length) when one mapping covers all of them; nullptr
   // otherwise.
   std::byte *translate(std::uint64_t iova, std::size_t length) const;
   std::size_t mappings() const { return mappings_.size(); }

 private:
   struct Mapping {
      std::byte *address;
      std::size_t length;
   };
   std::map<std::uint64_t, Mapping> mappings_; // by first IOVA
   std::uint64_t next_iova_ = std::uint64_t{1} << 32;
};

} // namespace memfrag::nic
