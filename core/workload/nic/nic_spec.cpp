#include "core/workload/nic/nic_spec.hpp"

#include "core/workload/workload.hpp"

#include <bit>

namespace memfrag::workload::nic {
namespace {

constexpr std::uint64_t kFrameBytes = 4096;

template <typename Enum>
Enum enum_named(const std::vector<std::string> &names, const std::string &name) {
   for (std::size_t index = 0; index < names.size(); ++index) {
      if (names[index] == name) {
         return static_cast<Enum>(index);
      }
   }
   throw WorkloadError("resolved NIC specification: unknown value '" + name + "'");
}

nlohmann::json sizes_to_json(const std::vector<FrameSize> &sizes) {
   auto array = nlohmann::json::array();
   for (const auto &size : sizes) {
      array.push_back({{"bytes", size.bytes}, {"weight", size.weight}});
   }
   return array;
}

} // namespace

std::uint32_t order_for_bytes(std::uint64_t bytes) {
   const std::uint64_t frames = (bytes + kFrameBytes - 1) / kFrameBytes;
   return static_cast<std::uint32_t>(std::bit_width(std::max<std::uint64_t>(frames, 1) - 1));
}

BufferLayout buffer_layout(const NicSpec &spec) {
   if (spec.buffers == BufferPolicy::scatter_gather) {
      return {0, static_cast<std::uint32_t>(kFrameBytes)};
   }
   const std::uint32_t order = order_for_bytes(largest_frame_bytes(spec));
   return {order, static_cast<std::uint32_t>(kFrameBytes << order)};
}

const char *buffer_policy_name(BufferPolicy policy) {
   return kBufferPolicyNames[static_cast<std::size_t>(policy)].c_str();
}

const char *dma_mapping_name(DmaMapping mapping) {
   return kDmaMappingNames[static_cast<std::size_t>(mapping)].c_str();
}

const char *contiguity_name(Contiguity contiguity) {
   return kContiguityNames[static_cast<std::size_t>(contiguity)].c_str();
}

const char *interrupts_name(Interrupts interrupts) {
   return kInterruptsNames[static_cast<std::size_t>(interrupts)].c_str();
}

nlohmann::json nic_spec_to_json(const NicSpec &spec) {
   return {
       {"backend", spec.backend},
       {"device", spec.device},
       {"buffers", buffer_policy_name(spec.buffers)},
       {"mtu", spec.mtu},
       {"contiguity", contiguity_name(spec.contiguity)},
       {"dma_map", dma_mapping_name(spec.dma_map)},
       {"interrupts", interrupts_name(spec.interrupts)},
       {"accept_stitched", spec.accept_stitched},
       {"rx_descriptors", spec.rx_descriptors},
       {"tx_descriptors", spec.tx_descriptors},
       {"pool_size", spec.pool_size},
       {"packets", spec.packets},
       {"rate_pps", spec.rate_pps},
       {"burst", spec.burst},
       {"line_gbps", spec.line_gbps},
       {"sizes", sizes_to_json(spec.sizes)},
       {"poll_us", spec.poll_us},
       {"hold_us", spec.hold_us},
       {"warmup_phases", spec.warmup_phases},
       {"dma_probe", spec.dma_probe},
   };
}

NicSpec nic_spec_from_json(const nlohmann::json &json) {
   try {
      NicSpec spec;
      spec.backend = json.at("backend").get<std::string>();
      spec.device = json.at("device").get<std::string>();
      spec.buffers = enum_named<BufferPolicy>(kBufferPolicyNames, json.at("buffers"));
      spec.mtu = json.at("mtu").get<std::uint32_t>();
      spec.contiguity = enum_named<Contiguity>(kContiguityNames, json.at("contiguity"));
      spec.dma_map = enum_named<DmaMapping>(kDmaMappingNames, json.at("dma_map"));
      spec.interrupts = enum_named<Interrupts>(kInterruptsNames, json.at("interrupts"));
      spec.accept_stitched = json.at("accept_stitched").get<bool>();
      spec.rx_descriptors = json.at("rx_descriptors").get<std::uint32_t>();
      spec.tx_descriptors = json.at("tx_descriptors").get<std::uint32_t>();
      spec.pool_size = json.at("pool_size").get<std::uint32_t>();
      spec.packets = json.at("packets").get<std::uint64_t>();
      spec.rate_pps = json.at("rate_pps").get<std::uint64_t>();
      spec.burst = json.at("burst").get<double>();
      spec.line_gbps = json.at("line_gbps").get<double>();
      for (const auto &size : json.at("sizes")) {
         spec.sizes.push_back(
             {size.at("bytes").get<std::uint32_t>(), size.at("weight").get<std::uint64_t>()});
      }
      spec.poll_us = json.at("poll_us").get<std::uint64_t>();
      spec.hold_us = json.at("hold_us").get<std::uint64_t>();
      spec.warmup_phases = json.at("warmup_phases").get<std::uint32_t>();
      spec.dma_probe = json.at("dma_probe").get<bool>();
      return spec;
   } catch (const WorkloadError &) {
      throw;
   } catch (const std::exception &error) {
      throw WorkloadError(std::string("resolved NIC specification: ") + error.what());
   }
}

} // namespace memfrag::workload::nic
