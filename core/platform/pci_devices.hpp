// PCI network controllers as sysfs describes them, and whether vfio can drive each: bound to
// vfio-pci, in an IOMMU group whose every member vfio may take, with /dev/vfio present. The
// roots are parameters so that tests can describe a machine in a folder of their own.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace memfrag::platform {

struct SystemRoots {
   std::filesystem::path sys = "/sys";
   std::filesystem::path dev = "/dev";
};

// What the machine offers vfio, whatever the device.
struct VfioHost {
   bool container_node = false;  // /dev/vfio/vfio: the vfio module is loaded
   bool vfio_pci_driver = false; // /sys/bus/pci/drivers/vfio-pci: vfio-pci is loaded
   bool iommu = false;           // an IOMMU is enabled (/sys/class/iommu or IOMMU groups)
};

struct PciNic {
   std::string address; // "0000:00:02.0"
   std::uint16_t vendor = 0;
   std::uint16_t device = 0;
   std::string driver;                   // the bound driver, empty for none
   std::optional<int> iommu_group;       // absent without an IOMMU
   std::optional<int> numa_node;         // absent when the firmware names none (-1)
   std::vector<std::string> group_peers; // other devices of the IOMMU group
   // Why vfio cannot drive it, with the fix: the device's own problem first (its driver, its
   // group), else what the machine lacks; empty when it can.
   std::string missing;
   bool usable() const { return missing.empty(); }
};

VfioHost vfio_host(const SystemRoots &roots = {});

// Network controllers (PCI class 0x02), by address.
std::vector<PciNic> pci_nics(const SystemRoots &roots = {});

// The device at `address` as pci_nics() would describe it, whatever its class; nullopt when
// sysfs has no such device.
std::optional<PciNic> pci_device(const std::string &address, const SystemRoots &roots = {});

// What vfio lacks on this machine whatever the device, each with its fix, separated by "; ";
// empty when nothing is missing machine-wide.
std::string vfio_host_missing(const VfioHost &host);

} // namespace memfrag::platform
