#include "core/platform/vfio_pci.hpp"

#include "core/platform/pci_devices.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <linux/vfio.h>
#include <poll.h>
#include <stdexcept>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>
#include <vector>

namespace memfrag::platform {
namespace {

constexpr std::uint16_t kPciCommandOffset = 0x04;
constexpr std::uint16_t kPciCommandMemory = 0x2;
constexpr std::uint16_t kPciCommandBusMaster = 0x4;

std::string os_reason() {
   return std::strerror(errno);
}

} // namespace

VfioPciDevice::VfioPciDevice(const std::string &address) : address_(address) {
   const std::optional<PciNic> described = pci_device(address);
   if (!described) {
      throw std::runtime_error("vfio " + address +
                               ": no such PCI device in /sys/bus/pci/devices (" +
                               "memfrag nic probe lists the NICs)");
   }
   if (!described->usable()) {
      throw std::runtime_error("vfio " + address + ": " + described->missing);
   }
   try {
      open_group(*described->iommu_group);
      open_device();
      map_bar0();
      enable_bus_master();
   } catch (...) {
      release();
      throw;
   }
}

VfioPciDevice::~VfioPciDevice() {
   release();
}

void VfioPciDevice::release() {
   if (bar0_ != nullptr) {
      munmap(const_cast<std::uint32_t *>(bar0_), bar0_bytes_);
      bar0_ = nullptr;
   }
   for (int *fd : {&eventfd_, &device_, &group_, &container_}) {
      if (*fd >= 0) {
         close(*fd);
         *fd = -1;
      }
   }
}

void VfioPciDevice::open_group(int group) {
   container_ = open("/dev/vfio/vfio", O_RDWR | O_CLOEXEC);
   if (container_ < 0) {
      throw std::runtime_error("vfio " + address_ + ": cannot open /dev/vfio/vfio: " + os_reason());
   }
   if (ioctl(container_, VFIO_GET_API_VERSION) != VFIO_API_VERSION ||
       ioctl(container_, VFIO_CHECK_EXTENSION, VFIO_TYPE1v2_IOMMU) <= 0) {
      throw std::runtime_error("vfio " + address_ +
                               ": the kernel's vfio offers no type 1 (v2) IOMMU backend: no IOMMU "
                               "driver or no vfio_iommu_type1 module");
   }
   const std::string group_path = "/dev/vfio/" + std::to_string(group);
   group_ = open(group_path.c_str(), O_RDWR | O_CLOEXEC);
   if (group_ < 0) {
      throw std::runtime_error("vfio " + address_ + ": cannot open " + group_path + ": " +
                               os_reason() + (errno == EBUSY ? " (another process holds it)" : ""));
   }
   vfio_group_status status{};
   status.argsz = sizeof(status);
   if (ioctl(group_, VFIO_GROUP_GET_STATUS, &status) != 0 ||
       (status.flags & VFIO_GROUP_FLAGS_VIABLE) == 0) {
      throw std::runtime_error("vfio " + address_ + ": IOMMU group " + std::to_string(group) +
                               " is not viable: bind every device in /sys/kernel/iommu_groups/" +
                               std::to_string(group) + "/devices to vfio-pci");
   }
   if (ioctl(group_, VFIO_GROUP_SET_CONTAINER, &container_) != 0 ||
       ioctl(container_, VFIO_SET_IOMMU, VFIO_TYPE1v2_IOMMU) != 0) {
      throw std::runtime_error("vfio " + address_ + ": cannot attach IOMMU group " +
                               std::to_string(group) + " to a container: " + os_reason());
   }
}

void VfioPciDevice::open_device() {
   device_ = ioctl(group_, VFIO_GROUP_GET_DEVICE_FD, address_.c_str());
   if (device_ < 0) {
      throw std::runtime_error("vfio " + address_ +
                               ": cannot get the device from its group: " + os_reason());
   }
   vfio_region_info config{};
   config.argsz = sizeof(config);
   config.index = VFIO_PCI_CONFIG_REGION_INDEX;
   if (ioctl(device_, VFIO_DEVICE_GET_REGION_INFO, &config) != 0) {
      throw std::runtime_error("vfio " + address_ +
                               ": no PCI configuration region: " + os_reason());
   }
   config_offset_ = config.offset;
}

void VfioPciDevice::map_bar0() {
   vfio_region_info bar{};
   bar.argsz = sizeof(bar);
   bar.index = VFIO_PCI_BAR0_REGION_INDEX;
   if (ioctl(device_, VFIO_DEVICE_GET_REGION_INFO, &bar) != 0 || bar.size == 0) {
      throw std::runtime_error("vfio " + address_ + ": the device has no BAR0");
   }
   if ((bar.flags & VFIO_REGION_INFO_FLAG_MMAP) == 0) {
      throw std::runtime_error("vfio " + address_ + ": BAR0 cannot be mapped into user space");
   }
   void *mapped = mmap(nullptr, bar.size, PROT_READ | PROT_WRITE, MAP_SHARED, device_,
                       static_cast<off_t>(bar.offset));
   if (mapped == MAP_FAILED) {
      throw std::runtime_error("vfio " + address_ + ": cannot map BAR0: " + os_reason());
   }
   bar0_ = static_cast<volatile std::uint32_t *>(mapped);
   bar0_bytes_ = bar.size;
}

// vfio-pci enables the device's memory space but not its DMA: bus mastering is the driver's.
void VfioPciDevice::enable_bus_master() {
   std::uint16_t command = 0;
   const auto offset = static_cast<off_t>(config_offset_ + kPciCommandOffset);
   if (pread(device_, &command, sizeof(command), offset) != sizeof(command)) {
      throw std::runtime_error("vfio " + address_ +
                               ": cannot read the PCI command register: " + os_reason());
   }
   command |= kPciCommandMemory | kPciCommandBusMaster;
   if (pwrite(device_, &command, sizeof(command), offset) != sizeof(command)) {
      throw std::runtime_error("vfio " + address_ +
                               ": cannot enable bus mastering: " + os_reason());
   }
}

void VfioPciDevice::map_dma(void *address, std::uint64_t iova, std::size_t length) {
   vfio_iommu_type1_dma_map map{};
   map.argsz = sizeof(map);
   map.flags = VFIO_DMA_MAP_FLAG_READ | VFIO_DMA_MAP_FLAG_WRITE;
   map.vaddr = reinterpret_cast<std::uint64_t>(address);
   map.iova = iova;
   map.size = length;
   if (ioctl(container_, VFIO_IOMMU_MAP_DMA, &map) != 0) {
      throw std::runtime_error(
          "vfio " + address_ + ": VFIO_IOMMU_MAP_DMA of " + std::to_string(length) +
          " bytes failed: " + os_reason() +
          (errno == ENOMEM ? " (the locked-memory limit, ulimit -l, may be too low)" : ""));
   }
}

void VfioPciDevice::unmap_dma(std::uint64_t iova, std::size_t length) {
   vfio_iommu_type1_dma_unmap unmap{};
   unmap.argsz = sizeof(unmap);
   unmap.iova = iova;
   unmap.size = length;
   if (ioctl(container_, VFIO_IOMMU_UNMAP_DMA, &unmap) != 0 || unmap.size != length) {
      throw std::runtime_error("vfio " + address_ + ": VFIO_IOMMU_UNMAP_DMA of " +
                               std::to_string(length) + " bytes failed: " + os_reason());
   }
}

void VfioPciDevice::enable_interrupts(VfioInterrupts kind) {
   if (kind == VfioInterrupts::none) {
      return;
   }
   const std::uint32_t index =
       kind == VfioInterrupts::msix ? VFIO_PCI_MSIX_IRQ_INDEX : VFIO_PCI_MSI_IRQ_INDEX;
   const char *name = kind == VfioInterrupts::msix ? "MSI-X" : "MSI";
   vfio_irq_info info{};
   info.argsz = sizeof(info);
   info.index = index;
   if (ioctl(device_, VFIO_DEVICE_GET_IRQ_INFO, &info) != 0 || info.count == 0) {
      throw std::runtime_error("vfio " + address_ + ": the device has no " + name + " vector");
   }
   eventfd_ = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
   if (eventfd_ < 0) {
      throw std::runtime_error("vfio " + address_ + ": eventfd: " + os_reason());
   }
   std::vector<std::byte> request(sizeof(vfio_irq_set) + sizeof(int));
   auto *set = reinterpret_cast<vfio_irq_set *>(request.data());
   set->argsz = static_cast<std::uint32_t>(request.size());
   set->flags = VFIO_IRQ_SET_DATA_EVENTFD | VFIO_IRQ_SET_ACTION_TRIGGER;
   set->index = index;
   set->start = 0;
   set->count = 1;
   std::memcpy(set->data, &eventfd_, sizeof(int));
   if (ioctl(device_, VFIO_DEVICE_SET_IRQS, set) != 0) {
      throw std::runtime_error("vfio " + address_ + ": cannot wire " + name +
                               " vector 0 to an eventfd: " + os_reason());
   }
   interrupts_ = kind;
}

std::uint64_t VfioPciDevice::wait_interrupt(std::chrono::microseconds timeout) {
   if (interrupts_ == VfioInterrupts::none) {
      return 0;
   }
   pollfd waiting{eventfd_, POLLIN, 0};
   const int milliseconds = static_cast<int>((timeout.count() + 999) / 1000);
   if (poll(&waiting, 1, milliseconds) <= 0) {
      return 0;
   }
   // The eventfd counts the signals since it was last read; reading takes them all.
   std::uint64_t fired = 0;
   return read(eventfd_, &fired, sizeof(fired)) == sizeof(fired) ? fired : 0;
}

} // namespace memfrag::platform
