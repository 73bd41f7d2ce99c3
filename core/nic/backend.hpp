// The NIC backends a build has (`nic.backend`) and the one factory that makes their devices.
// `soft` (the software model) is always there; a backend driving real hardware adds its entry
// in backend.cpp.
#pragma once

#include "core/nic/device.hpp"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace memfrag::nic {

// How a backend driving hardware tells the driver that frames arrived.
enum class Interrupts : std::uint8_t {
   poll, // none: the driver reads the descriptors
   msix, // MSI-X vector 0, delivered to an eventfd
   msi,  // MSI, delivered to an eventfd
};

struct BackendChoice {
   std::string backend = "soft";
   std::string device; // PCI address ("0000:00:02.0") for a backend driving hardware
   // What the workload requires of receive buffers; the soft backend models a device without
   // an IOMMU for `physical`, with one otherwise.
   Contiguity contiguity = Contiguity::iova;
   Interrupts interrupts = Interrupts::poll; // hardware only: the soft model raises none
};

struct BackendInfo {
   std::string name;
   std::string summary;
   bool needs_device; // nic.device must name the hardware it drives
};

// The backends of this build, in the order listed to users.
const std::vector<BackendInfo> &backends();
// The entry named `name`, or nullptr.
const BackendInfo *find_backend(const std::string &name);
// "soft" or "soft, vfio": for messages.
std::string backend_list();

// Makes the device `choice` names. `region` is the run's region: the soft model without an
// IOMMU treats it as the physical memory it reaches. Throws std::runtime_error naming the
// backend and what is missing (an unknown backend, a device that cannot be opened).
std::unique_ptr<Device> make_device(const BackendChoice &choice, std::span<std::byte> region);

} // namespace memfrag::nic
