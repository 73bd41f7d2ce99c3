#include "core/platform/pci_devices.hpp"

#include <algorithm>
#include <fstream>
#include <system_error>

namespace memfrag::platform {
namespace {

namespace fs = std::filesystem;

constexpr unsigned kNetworkClass = 0x02;

std::string first_line(const fs::path &path) {
   std::ifstream file(path);
   std::string line;
   std::getline(file, line);
   return line;
}

std::optional<unsigned long> hex_value(const fs::path &path) {
   const std::string text = first_line(path);
   if (text.empty()) {
      return std::nullopt;
   }
   try {
      return std::stoul(text, nullptr, 16);
   } catch (const std::exception &) {
      return std::nullopt;
   }
}

// The last component of the symbolic link `path` points to ("vfio-pci" for a driver link),
// empty when there is no link.
std::string link_name(const fs::path &path) {
   std::error_code error;
   const fs::path target = fs::read_symlink(path, error);
   return error ? std::string() : target.filename().string();
}

bool has_entries(const fs::path &path) {
   std::error_code error;
   return fs::directory_iterator(path, error) != fs::directory_iterator();
}

std::optional<int> numa_node(const fs::path &device) {
   const std::string text = first_line(device / "numa_node");
   if (text.empty() || text.front() == '-') {
      return std::nullopt;
   }
   return std::stoi(text);
}

std::vector<std::string> group_peers(const SystemRoots &roots, int group,
                                     const std::string &address) {
   std::vector<std::string> peers;
   std::error_code error;
   const fs::path members = roots.sys / "kernel/iommu_groups" / std::to_string(group) / "devices";
   for (const auto &entry : fs::directory_iterator(members, error)) {
      const std::string peer = entry.path().filename().string();
      if (peer != address) {
         peers.push_back(peer);
      }
   }
   std::sort(peers.begin(), peers.end());
   return peers;
}

// A group is viable for vfio when every member is bound to vfio-pci or to no driver (PCIe
// bridges' port driver is tolerated by the kernel too).
std::string unviable_peer(const SystemRoots &roots, const std::vector<std::string> &peers) {
   for (const auto &peer : peers) {
      const std::string driver = link_name(roots.sys / "bus/pci/devices" / peer / "driver");
      if (!driver.empty() && driver != "vfio-pci" && driver != "pcieport") {
         return peer + " (bound to " + driver + ")";
      }
   }
   return {};
}

// The device's own setup: its driver and its IOMMU group.
std::string binding_missing(const PciNic &nic) {
   if (nic.driver != "vfio-pci") {
      return std::string(nic.driver.empty() ? "bound to no driver" : "bound to " + nic.driver) +
             ", not vfio-pci: echo vfio-pci > /sys/bus/pci/devices/" + nic.address +
             "/driver_override; echo " + nic.address +
             (nic.driver.empty() ? ""
                                 : " > /sys/bus/pci/devices/" + nic.address +
                                       "/driver/unbind; echo " + nic.address) +
             " > /sys/bus/pci/drivers_probe";
   }
   if (!nic.iommu_group) {
      return "in no IOMMU group: the kernel runs without an IOMMU (boot with intel_iommu=on or "
             "amd_iommu=on, with VT-d or AMD-Vi enabled in the firmware)";
   }
   return {};
}

// What vfio needs of the device's group once vfio itself is there.
std::string group_missing(const SystemRoots &roots, const PciNic &nic) {
   if (!fs::exists(roots.dev / "vfio" / std::to_string(*nic.iommu_group))) {
      return "its group's node /dev/vfio/" + std::to_string(*nic.iommu_group) + " is missing";
   }
   if (const std::string peer = unviable_peer(roots, nic.group_peers); !peer.empty()) {
      return "IOMMU group " + std::to_string(*nic.iommu_group) + " is not viable: " + peer +
             " shares it; bind every device of the group to vfio-pci";
   }
   return {};
}

PciNic describe(const SystemRoots &roots, const fs::path &device, const VfioHost &host) {
   PciNic nic;
   nic.address = device.filename().string();
   nic.vendor = static_cast<std::uint16_t>(hex_value(device / "vendor").value_or(0));
   nic.device = static_cast<std::uint16_t>(hex_value(device / "device").value_or(0));
   nic.driver = link_name(device / "driver");
   const std::string group = link_name(device / "iommu_group");
   if (!group.empty()) {
      nic.iommu_group = std::stoi(group);
      nic.group_peers = group_peers(roots, *nic.iommu_group, nic.address);
   }
   nic.numa_node = numa_node(device);
   nic.missing = binding_missing(nic);
   if (nic.missing.empty()) {
      nic.missing = vfio_host_missing(host);
   }
   if (nic.missing.empty()) {
      nic.missing = group_missing(roots, nic);
   }
   return nic;
}

} // namespace

VfioHost vfio_host(const SystemRoots &roots) {
   VfioHost host;
   host.container_node = fs::exists(roots.dev / "vfio/vfio");
   host.vfio_pci_driver = fs::exists(roots.sys / "bus/pci/drivers/vfio-pci");
   host.iommu =
       has_entries(roots.sys / "class/iommu") || has_entries(roots.sys / "kernel/iommu_groups");
   return host;
}

std::string vfio_host_missing(const VfioHost &host) {
   std::string missing;
   const auto add = [&](bool present, const char *what) {
      if (!present) {
         missing += (missing.empty() ? "" : "; ") + std::string(what);
      }
   };
   add(host.iommu, "no IOMMU is enabled (boot with intel_iommu=on or amd_iommu=on on hardware "
                   "with VT-d or AMD-Vi; vfio needs it to confine the device's DMA)");
   add(host.container_node, "no /dev/vfio/vfio (the vfio modules are not loaded, modprobe "
                            "vfio-pci, or the kernel has no vfio)");
   add(host.vfio_pci_driver, "no vfio-pci driver (modprobe vfio-pci)");
   return missing;
}

std::vector<PciNic> pci_nics(const SystemRoots &roots) {
   const VfioHost host = vfio_host(roots);
   std::vector<PciNic> nics;
   std::error_code error;
   for (const auto &entry : fs::directory_iterator(roots.sys / "bus/pci/devices", error)) {
      const auto pci_class = hex_value(entry.path() / "class");
      if (pci_class && (*pci_class >> 16) == kNetworkClass) {
         nics.push_back(describe(roots, entry.path(), host));
      }
   }
   std::sort(nics.begin(), nics.end(),
             [](const PciNic &a, const PciNic &b) { return a.address < b.address; });
   return nics;
}

std::optional<PciNic> pci_device(const std::string &address, const SystemRoots &roots) {
   const fs::path device = roots.sys / "bus/pci/devices" / address;
   if (address.empty() || !fs::exists(device)) {
      return std::nullopt;
   }
   return describe(roots, device, vfio_host(roots));
}

} // namespace memfrag::platform
