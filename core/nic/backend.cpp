#include "core/nic/backend.hpp"

#include "core/nic/soft_device.hpp"
#include "core/nic/vfio_device.hpp"

#include <stdexcept>

namespace memfrag::nic {
namespace {

using Factory = std::unique_ptr<Device> (*)(const BackendChoice &, std::span<std::byte>);

struct BackendEntry {
   BackendInfo info;
   Factory make;
};

std::unique_ptr<Device> make_soft(const BackendChoice &choice, std::span<std::byte> region) {
   return std::make_unique<SoftDevice>(
       SoftDeviceConfig{choice.contiguity != Contiguity::physical, region});
}

std::unique_ptr<Device> make_vfio(const BackendChoice &choice, std::span<std::byte> /*region*/) {
   if (choice.contiguity == Contiguity::physical) {
      throw std::runtime_error("NIC backend 'vfio' drives the device behind the IOMMU, where "
                               "buffers need IOVA contiguity only: nic.contiguity = 'physical' "
                               "(a device without an IOMMU) is the soft backend's");
   }
   constexpr platform::VfioInterrupts kVectors[] = {platform::VfioInterrupts::none,
                                                    platform::VfioInterrupts::msix,
                                                    platform::VfioInterrupts::msi};
   return std::make_unique<VfioDevice>(choice.device,
                                       kVectors[static_cast<std::size_t>(choice.interrupts)]);
}

const std::vector<BackendEntry> &entries() {
   static const std::vector<BackendEntry> table = {
       {{"soft", "in-process 82574L model with its own IOMMU (runs everywhere)", false}, make_soft},
       {{"vfio", "a real 82574L-compatible NIC bound to vfio-pci, behind the IOMMU", true},
        make_vfio},
   };
   return table;
}

} // namespace

const std::vector<BackendInfo> &backends() {
   static const std::vector<BackendInfo> infos = [] {
      std::vector<BackendInfo> list;
      for (const auto &entry : entries()) {
         list.push_back(entry.info);
      }
      return list;
   }();
   return infos;
}

const BackendInfo *find_backend(const std::string &name) {
   for (const auto &info : backends()) {
      if (info.name == name) {
         return &info;
      }
   }
   return nullptr;
}

std::string backend_list() {
   std::string list;
   for (const auto &info : backends()) {
      list += (list.empty() ? "" : ", ") + info.name;
   }
   return list;
}

std::unique_ptr<Device> make_device(const BackendChoice &choice, std::span<std::byte> region) {
   for (const auto &entry : entries()) {
      if (entry.info.name == choice.backend) {
         return entry.make(choice, region);
      }
   }
   throw std::runtime_error("NIC backend '" + choice.backend +
                            "' is not in this build; it has: " + backend_list());
}

} // namespace memfrag::nic
