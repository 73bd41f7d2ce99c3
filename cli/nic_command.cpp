// memfrag nic probe: the PCI network controllers of this machine, which of them the vfio
// backend can drive, and what is missing for the others.
#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"
#include "core/platform/pci_devices.hpp"

#include <cstdio>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

namespace memfrag::cli {
namespace {

struct ProbeOptions {
   bool as_json = false;
   std::string sys_root = "/sys";
   std::string dev_root = "/dev";
};

std::string hex4(std::uint16_t value) {
   char text[5];
   std::snprintf(text, sizeof(text), "%04x", value);
   return text;
}

std::string id_of(const platform::PciNic &nic) {
   return hex4(nic.vendor) + ":" + hex4(nic.device);
}

nlohmann::json nic_json(const platform::PciNic &nic) {
   const auto optional = [](const std::optional<int> &value) {
      return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
   };
   return {{"address", nic.address},
           {"id", id_of(nic)},
           {"driver", nic.driver.empty() ? nlohmann::json(nullptr) : nlohmann::json(nic.driver)},
           {"iommu_group", optional(nic.iommu_group)},
           {"group_peers", nic.group_peers},
           {"numa_node", optional(nic.numa_node)},
           {"usable", nic.usable()},
           {"missing", nic.missing}};
}

void print_nic(const platform::PciNic &nic) {
   std::cout << (nic.usable() ? "[vfio] " : "[ -- ] ") << nic.address << "  " << id_of(nic)
             << "  driver " << (nic.driver.empty() ? "none" : nic.driver) << "  IOMMU group "
             << (nic.iommu_group ? std::to_string(*nic.iommu_group) : "none") << "  NUMA node "
             << (nic.numa_node ? std::to_string(*nic.numa_node) : "none") << '\n';
   if (!nic.usable()) {
      std::cout << "       not usable: " << nic.missing << '\n';
   }
}

int count_usable(const std::vector<platform::PciNic> &nics) {
   int usable = 0;
   for (const auto &nic : nics) {
      usable += nic.usable() ? 1 : 0;
   }
   return usable;
}

void print_summary(const std::vector<platform::PciNic> &nics, const std::string &host_missing) {
   const int usable = count_usable(nics);
   if (usable > 0) {
      std::cout << usable << " NIC" << (usable == 1 ? "" : "s")
                << " usable through vfio: --set nic.backend=vfio --set nic.device=<address>\n";
      return;
   }
   std::cout << (nics.empty() ? "no PCI network controller (class 0x02) on this machine"
                              : "no NIC is usable through vfio")
             << '\n';
   if (!host_missing.empty()) {
      std::cout << "missing on this machine: " << host_missing << '\n';
   }
}

void probe(const ProbeOptions &options) {
   const platform::SystemRoots roots{options.sys_root, options.dev_root};
   const std::vector<platform::PciNic> nics = platform::pci_nics(roots);
   const platform::VfioHost host = platform::vfio_host(roots);
   const std::string host_missing = platform::vfio_host_missing(host);
   if (options.as_json) {
      nlohmann::json list = nlohmann::json::array();
      for (const auto &nic : nics) {
         list.push_back(nic_json(nic));
      }
      std::cout << nlohmann::json{{"nics", list},
                                  {"vfio",
                                   {{"container_node", host.container_node},
                                    {"vfio_pci_driver", host.vfio_pci_driver},
                                    {"iommu", host.iommu},
                                    {"missing", host_missing}}}}
                       .dump(2)
                << '\n';
   } else {
      for (const auto &nic : nics) {
         print_nic(nic);
      }
      print_summary(nics, host_missing);
   }
   std::cout << std::flush;
   throw CommandExit{count_usable(nics) > 0 ? kExitOk : kExitNoDevice};
}

} // namespace

void add_nic_command(CLI::App &app) {
   CLI::App *nic = app.add_subcommand("nic", "The NIC harness's hardware: vfio-capable NICs");
   nic->require_subcommand(1);
   auto options = std::make_shared<ProbeOptions>();
   CLI::App *command = nic->add_subcommand(
       "probe", "List PCI network controllers (class 0x02) with vendor:device, bound driver, "
                "IOMMU group and NUMA node, mark those the vfio backend can drive, and say what "
                "is missing for the others");
   command->add_flag("--json", options->as_json, "Machine-readable output");
   command->add_option("--sys-root", options->sys_root, "Where sysfs is (for tests)")->group("");
   command->add_option("--dev-root", options->dev_root, "Where /dev is (for tests)")->group("");
   command->footer("Exit codes: 0 at least one NIC is usable through vfio, 4 none is (the output "
                   "says what is missing), 2 bad options.");
   command->callback([options] { probe(*options); });
}

} // namespace memfrag::cli
