// End-to-end tests of `memfrag nic probe` and of the vfio backend's refusals, on the built
// binary. A machine is described in a folder of the test's own (sysfs and /dev as the kernel
// lays them out: attributes as files, drivers and IOMMU groups as symbolic links), so every
// case runs here although this machine has no IOMMU.
#include "tests/support/command_test.hpp"

#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace {

namespace fs = std::filesystem;

using Outcome = memfrag::test::CommandOutcome;

class NicProbe : public memfrag::test::CommandTest {
 protected:
   fs::path sys() const { return dir_ / "sys"; }
   fs::path dev() const { return dir_ / "dev"; }

   void attribute(const fs::path &path, const std::string &value) const {
      fs::create_directories(path.parent_path());
      std::ofstream(path) << value << '\n';
   }

   // A PCI function with its class, ids and NUMA node, bound to `driver` (none when empty) and
   // in IOMMU group `group` (none when negative).
   void device(const std::string &address, const std::string &pci_class, const std::string &ids,
               const std::string &driver, int group, int numa_node = 0) const {
      const fs::path folder = sys() / "bus/pci/devices" / address;
      attribute(folder / "class", pci_class);
      attribute(folder / "vendor", "0x" + ids.substr(0, 4));
      attribute(folder / "device", "0x" + ids.substr(5, 4));
      attribute(folder / "numa_node", std::to_string(numa_node));
      if (!driver.empty()) {
         fs::create_directories(sys() / "bus/pci/drivers" / driver);
         fs::create_directory_symlink("../../../bus/pci/drivers/" + driver, folder / "driver");
      }
      if (group >= 0) {
         const fs::path members = sys() / "kernel/iommu_groups" / std::to_string(group) / "devices";
         fs::create_directories(members);
         fs::create_directory_symlink("../../../../bus/pci/devices/" + address, members / address);
         fs::create_directory_symlink("../../../kernel/iommu_groups/" + std::to_string(group),
                                      folder / "iommu_group");
      }
   }

   // vfio loaded with an IOMMU, the node of each group in `groups` present.
   void vfio_ready(std::initializer_list<int> groups) const {
      fs::create_directories(sys() / "class/iommu/dmar0");
      fs::create_directories(sys() / "bus/pci/drivers/vfio-pci");
      attribute(dev() / "vfio/vfio", "");
      for (int group : groups) {
         attribute(dev() / "vfio" / std::to_string(group), "");
      }
   }

   Outcome probe(const std::string &options = "") const {
      return memfrag("nic probe --sys-root " + sys().string() + " --dev-root " + dev().string() +
                     " " + options);
   }
};

TEST_F(NicProbe, MarksTheNicBoundToVfioAndExplainsTheOthers) {
   vfio_ready({7});
   device("0000:00:02.0", "0x020000", "8086:10d3", "vfio-pci", 7);
   device("0000:00:03.0", "0x020000", "8086:100e", "e1000", 8, -1);
   device("0000:00:04.0", "0x060000", "8086:29c0", "", 9);
   const Outcome outcome = probe();
   EXPECT_EQ(outcome.exit_code, 0) << outcome.err;
   EXPECT_NE(outcome.out.find("[vfio] 0000:00:02.0  8086:10d3  driver vfio-pci  IOMMU group 7  "
                              "NUMA node 0\n"),
             std::string::npos)
       << outcome.out;
   EXPECT_NE(outcome.out.find("[ -- ] 0000:00:03.0  8086:100e  driver e1000  IOMMU group 8  "
                              "NUMA node none\n"
                              "       not usable: bound to e1000, not vfio-pci: echo vfio-pci > "
                              "/sys/bus/pci/devices/0000:00:03.0/driver_override"),
             std::string::npos)
       << outcome.out;
   EXPECT_EQ(outcome.out.find("0000:00:04.0"), std::string::npos) << "a bridge is no NIC";
   EXPECT_NE(outcome.out.find("1 NIC usable through vfio"), std::string::npos) << outcome.out;
}

TEST_F(NicProbe, AMachineWithoutIommuOrVfioHasNoUsableNic) {
   device("0000:00:03.0", "0x020000", "1af4:1041", "virtio-pci", -1);
   const Outcome outcome = probe();
   EXPECT_EQ(outcome.exit_code, 4);
   EXPECT_NE(outcome.out.find("no NIC is usable through vfio\nmissing on this machine: no IOMMU "
                              "is enabled"),
             std::string::npos)
       << outcome.out;
   EXPECT_NE(outcome.out.find("no /dev/vfio/vfio"), std::string::npos);
   EXPECT_NE(outcome.out.find("no vfio-pci driver (modprobe vfio-pci)"), std::string::npos);
}

TEST_F(NicProbe, NamesWhatIsMissingForABoundNic) {
   fs::create_directories(sys() / "class/iommu/dmar0");
   device("0000:00:02.0", "0x020000", "8086:10d3", "vfio-pci", 3);
   device("0000:00:05.0", "0x020000", "8086:10d3", "vfio-pci", -1);
   Outcome outcome = probe();
   EXPECT_EQ(outcome.exit_code, 4);
   EXPECT_NE(outcome.out.find("not usable: no /dev/vfio/vfio"), std::string::npos) << outcome.out;
   vfio_ready({});
   outcome = probe();
   EXPECT_NE(outcome.out.find("not usable: its group's node /dev/vfio/3 is missing"),
             std::string::npos)
       << outcome.out;
   EXPECT_NE(outcome.out.find("0000:00:05.0  8086:10d3  driver vfio-pci  IOMMU group none"),
             std::string::npos);
   EXPECT_NE(outcome.out.find("not usable: in no IOMMU group"), std::string::npos);
}

TEST_F(NicProbe, AGroupSharedWithABoundDeviceIsNotViable) {
   vfio_ready({4});
   device("0000:01:00.0", "0x020000", "8086:10d3", "vfio-pci", 4);
   device("0000:01:00.1", "0x040300", "8086:1234", "snd_hda_intel", 4);
   const Outcome outcome = probe("--json");
   EXPECT_EQ(outcome.exit_code, 4);
   const nlohmann::json probed = nlohmann::json::parse(outcome.out);
   ASSERT_EQ(probed["nics"].size(), 1u);
   const nlohmann::json &nic = probed["nics"][0];
   EXPECT_EQ(nic["id"], "8086:10d3");
   EXPECT_EQ(nic["iommu_group"], 4);
   EXPECT_EQ(nic["group_peers"], nlohmann::json::array({"0000:01:00.1"}));
   EXPECT_EQ(nic["usable"], false);
   EXPECT_EQ(nic["missing"], "IOMMU group 4 is not viable: 0000:01:00.1 (bound to "
                             "snd_hda_intel) shares it; bind every device of the group to "
                             "vfio-pci");
   EXPECT_EQ(probed["vfio"]["missing"], "");
}

TEST_F(NicProbe, RunsOnThisMachine) {
   const Outcome outcome = memfrag("nic probe");
   EXPECT_TRUE(outcome.exit_code == 0 || outcome.exit_code == 4) << outcome.err;
   EXPECT_TRUE(outcome.out.find("usable through vfio") != std::string::npos ||
               outcome.out.find("no PCI network controller") != std::string::npos)
       << outcome.out;
}

TEST_F(NicProbe, TheVfioBackendRefusesADeviceItCannotDrive) {
   const Outcome missing_device =
       memfrag("run --plugin buddy --workload nic-jumbo --set nic.backend=vfio --set "
               "nic.device=0000:7f:1f.7 --set nic.packets=10 --output out.json");
   EXPECT_NE(missing_device.out.find("vfio 0000:7f:1f.7: no such PCI device"), std::string::npos)
       << missing_device.out << missing_device.err;
   const Outcome physical =
       memfrag("run --plugin buddy --workload nic-jumbo --set nic.backend=vfio --set "
               "nic.device=0000:00:02.0 --set nic.contiguity=physical --output out.json");
   EXPECT_NE(physical.out.find("nic.contiguity = 'physical' (a device without an IOMMU) is the "
                               "soft backend's"),
             std::string::npos)
       << physical.out;
   const Outcome no_address =
       memfrag("run --plugin buddy --workload nic-jumbo --set nic.backend=vfio");
   EXPECT_EQ(no_address.exit_code, 2);
   EXPECT_NE(no_address.err.find("nic.device"), std::string::npos) << no_address.err;
   const Outcome soft_interrupts =
       memfrag("run --plugin buddy --workload nic-jumbo --set nic.interrupts=msi-x");
   EXPECT_EQ(soft_interrupts.exit_code, 2);
   EXPECT_NE(soft_interrupts.err.find("delivers no interrupt: expected 'poll'"), std::string::npos)
       << soft_interrupts.err;
}

} // namespace
