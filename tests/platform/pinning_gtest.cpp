// This machine's topology and pinning for real: what hwloc reads agrees with the OS, a pinned
// thread runs where it was pinned (sched_getcpu, sched_getaffinity), a CPU that cannot be had is
// reported rather than thrown.
#include "core/platform/cpu_choice.hpp"
#include "core/platform/thread_pinning.hpp"
#include "core/platform/topology.hpp"

#include <algorithm>
#include <gtest/gtest.h>
#include <sched.h>
#include <thread>
#include <unistd.h>

namespace memfrag::platform {
namespace {

std::vector<unsigned> allowed_of(const Topology &topology) {
   std::vector<unsigned> allowed;
   for (const ProcessingUnit &unit : topology.processing_units()) {
      if (unit.allowed) {
         allowed.push_back(unit.cpu);
      }
   }
   return allowed;
}

// Runs `body` in a thread of its own, so that pinning it leaves the test's thread as it was.
template <typename Body> void in_own_thread(const Body &body) {
   std::thread thread(body);
   thread.join();
}

TEST(MachineTopology, AgreesWithTheOs) {
   const Topology topology = Topology::machine();
   EXPECT_EQ(topology.processing_units().size(),
             static_cast<std::size_t>(sysconf(_SC_NPROCESSORS_CONF)));
   EXPECT_GE(topology.core_count(), 1u);
   EXPECT_LE(topology.core_count(), topology.processing_units().size());
   ASSERT_FALSE(topology.nodes().empty());
   std::vector<unsigned> allowed = allowed_of(topology);
   std::vector<unsigned> affinity = calling_thread_cpus();
   for (unsigned cpu : allowed) {
      EXPECT_NE(std::find(affinity.begin(), affinity.end(), cpu), affinity.end()) << cpu;
   }
   for (const ProcessingUnit &unit : topology.processing_units()) {
      ASSERT_TRUE(unit.node.has_value()) << "CPU " << unit.cpu;
      EXPECT_NE(topology.find_node(*unit.node), nullptr);
   }
}

TEST(MachineTopology, EveryChoiceIsAnAllowedCpu) {
   const Topology topology = Topology::machine();
   const std::vector<unsigned> allowed = allowed_of(topology);
   const auto threads = static_cast<std::uint32_t>(allowed.size());
   const std::vector<unsigned> chosen = choose_worker_cpus(topology, {threads, {}, {}});
   std::vector<unsigned> sorted = chosen;
   std::sort(sorted.begin(), sorted.end());
   EXPECT_EQ(sorted, allowed);
   EXPECT_THROW(choose_worker_cpus(topology, {threads + 1, {}, {}}), PlacementError);
}

TEST(Pinning, APinnedThreadRunsOnItsCpu) {
   for (unsigned cpu : allowed_of(Topology::machine())) {
      in_own_thread([cpu] {
         const PinOutcome outcome = pin_calling_thread(cpu);
         EXPECT_TRUE(outcome.pinned) << outcome.failure;
         EXPECT_TRUE(outcome.failure.empty()) << outcome.failure;
         EXPECT_EQ(outcome.running_on, cpu);
         EXPECT_EQ(calling_thread_cpus(), std::vector<unsigned>{cpu});
         for (int spin = 0; spin < 1000; ++spin) {
            sched_yield();
            ASSERT_EQ(sched_getcpu(), static_cast<int>(cpu));
         }
      });
   }
}

TEST(Pinning, APinnedThreadCanBeGivenItsCpusBack) {
   in_own_thread([] {
      const std::vector<unsigned> before = calling_thread_cpus();
      ASSERT_FALSE(before.empty());
      ASSERT_TRUE(pin_calling_thread(before.front()).pinned);
      allow_calling_thread(before);
      EXPECT_EQ(calling_thread_cpus(), before);
   });
}

TEST(Pinning, ACpuThatDoesNotExistIsReportedNotThrown) {
   const auto missing = static_cast<unsigned>(sysconf(_SC_NPROCESSORS_CONF)) + 7;
   in_own_thread([missing] {
      const std::vector<unsigned> before = calling_thread_cpus();
      const PinOutcome outcome = pin_calling_thread(missing);
      EXPECT_FALSE(outcome.pinned);
      EXPECT_NE(outcome.failure.find("cannot pin to CPU " + std::to_string(missing)),
                std::string::npos)
          << outcome.failure;
      EXPECT_EQ(calling_thread_cpus(), before);
   });
}

} // namespace
} // namespace memfrag::platform
