#include "core/plugin/shadow_map.hpp"

namespace memfrag::plugin {

const char *contract_breach_name(ContractBreach breach) {
   switch (breach) {
   case ContractBreach::none: return "none";
   case ContractBreach::out_of_region: return "out-of-region";
   case ContractBreach::misaligned: return "misaligned";
   case ContractBreach::overlap: return "overlap";
   case ContractBreach::not_allocated: return "not-allocated";
   case ContractBreach::wrong_order: return "wrong-order";
   }
   return "unknown";
}

ShadowMap::ShadowMap(std::uint64_t frame_count)
   : frame_count_(frame_count), free_frames_(frame_count), bits_((frame_count + 63) / 64, 0),
     live_order_plus_one_(frame_count, 0) {
   // Frames past the end of the region in the last word count as allocated, so that no free
   // block is ever seen beyond the region.
   if (frame_count % 64 != 0) {
      bits_.back() = ~std::uint64_t{0} << (frame_count % 64);
   }
}

} // namespace memfrag::plugin
