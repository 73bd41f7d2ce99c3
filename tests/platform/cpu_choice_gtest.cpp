// CPU lists, synthetic topologies and the choice of worker CPUs: several NUMA nodes and
// hyperthreads, described in hwloc's synthetic syntax, so that the choice is tested on any
// machine.
#include "core/platform/cpu_choice.hpp"
#include "core/platform/cpu_list.hpp"
#include "core/platform/topology.hpp"

#include <gtest/gtest.h>
#include <string>
#include <vector>

namespace memfrag::platform {
namespace {

using Cpus = std::vector<unsigned>;

std::string list_error(const std::string &text) {
   try {
      parse_cpu_list(text);
   } catch (const PlacementError &error) {
      return error.what();
   }
   return "no error";
}

template <typename Call> std::string error_of(const Call &call) {
   try {
      call();
   } catch (const PlacementError &error) {
      return error.what();
   }
   return "no error";
}

// Two packages, one NUMA node each, two cores per package, two hardware threads per core,
// numbered as Linux numbers them: the second threads of all cores after the first threads
// (CPU 0 and 4 share core 0, node 0 has CPUs 0-1 and 4-5).
Topology two_nodes_with_smt() {
   return Topology::synthetic("pack:2 node:1 core:2 pu:2(indexes=2*4:1*2)");
}

TEST(CpuList, ParsesNumbersAndRangesInOrder) {
   EXPECT_EQ(parse_cpu_list("2-3"), (Cpus{2, 3}));
   EXPECT_EQ(parse_cpu_list("0,2,4-7"), (Cpus{0, 2, 4, 5, 6, 7}));
   EXPECT_EQ(parse_cpu_list("5"), (Cpus{5}));
   EXPECT_EQ(parse_cpu_list("7,1"), (Cpus{7, 1}));
   EXPECT_EQ(parse_cpu_list("3-3"), (Cpus{3}));
}

TEST(CpuList, RejectsBadTextNamingTheItem) {
   EXPECT_EQ(list_error(""), "CPU list '': empty (expected CPU numbers and ranges such as 2-3 or "
                             "0,2,4-7)");
   EXPECT_NE(list_error("2-").find("'2-' is not a CPU number or range"), std::string::npos);
   EXPECT_NE(list_error("a").find("'a' is not a CPU number"), std::string::npos);
   EXPECT_NE(list_error("1,,2").find("'' is not a CPU number"), std::string::npos);
   EXPECT_NE(list_error(" 1").find("' 1' is not"), std::string::npos);
   EXPECT_NE(list_error("-1").find("'-1' is not"), std::string::npos);
   EXPECT_NE(list_error("1-2-3").find("'1-2-3' is not"), std::string::npos);
   EXPECT_NE(list_error("5-2").find("range 5-2 runs backwards (write 2-5)"), std::string::npos);
   EXPECT_NE(list_error("0-3,2").find("CPU 2 is listed twice"), std::string::npos);
   EXPECT_NE(list_error("99999999999").find("above the highest supported number 65535"),
             std::string::npos);
   EXPECT_NE(list_error("65536").find("CPU 65536 is above"), std::string::npos);
}

TEST(CpuList, FormatsSortedRanges) {
   EXPECT_EQ(format_cpu_list({}), "");
   EXPECT_EQ(format_cpu_list({3}), "3");
   EXPECT_EQ(format_cpu_list({7, 0, 1, 2, 5, 10, 11}), "0-2,5,7,10-11");
}

TEST(SyntheticTopology, HasTheDescribedNodesCoresAndThreads) {
   const Topology topology = two_nodes_with_smt();
   EXPECT_EQ(topology.package_count(), 2u);
   EXPECT_EQ(topology.core_count(), 4u);
   EXPECT_EQ(topology.processing_units().size(), 8u);
   EXPECT_TRUE(topology.smt());
   ASSERT_EQ(topology.nodes().size(), 2u);
   EXPECT_EQ(topology.nodes()[0].cpus, (Cpus{0, 1, 4, 5}));
   EXPECT_EQ(topology.nodes()[1].cpus, (Cpus{2, 3, 6, 7}));
   const ProcessingUnit *sibling = topology.find_cpu(4);
   ASSERT_NE(sibling, nullptr);
   EXPECT_EQ(sibling->core, topology.find_cpu(0)->core);
   EXPECT_EQ(sibling->rank_in_core, 1u);
   EXPECT_EQ(sibling->node, 0u);
   EXPECT_EQ(topology.find_cpu(6)->node, 1u);
   EXPECT_EQ(topology.find_cpu(8), nullptr);
   EXPECT_EQ(topology.find_node(2), nullptr);
}

TEST(SyntheticTopology, WithoutHyperthreadsSmtIsOff) {
   const Topology topology = Topology::synthetic("node:2 core:3 pu:1");
   EXPECT_FALSE(topology.smt());
   EXPECT_EQ(topology.core_count(), 6u);
   EXPECT_EQ(topology.nodes()[1].cpus, (Cpus{3, 4, 5}));
}

TEST(SyntheticTopology, BadDescriptionIsRefused) {
   EXPECT_THROW(Topology::synthetic("node:2 banana:3"), std::invalid_argument);
}

TEST(WorkerCpus, CoresComeBeforeHyperthreads) {
   const Topology topology = two_nodes_with_smt();
   EXPECT_EQ(choose_worker_cpus(topology, {1, {}, {}}), (Cpus{0}));
   EXPECT_EQ(choose_worker_cpus(topology, {4, {}, {}}), (Cpus{0, 1, 2, 3}));
   EXPECT_EQ(choose_worker_cpus(topology, {6, {}, {}}), (Cpus{0, 1, 2, 3, 4, 5}));
   EXPECT_EQ(choose_worker_cpus(topology, {8, {}, {}}), (Cpus{0, 1, 2, 3, 4, 5, 6, 7}));
}

TEST(WorkerCpus, WithinTheNodeAsked) {
   const Topology topology = two_nodes_with_smt();
   EXPECT_EQ(choose_worker_cpus(topology, {2, 1u, {}}), (Cpus{2, 3}));
   EXPECT_EQ(choose_worker_cpus(topology, {3, 1u, {}}), (Cpus{2, 3, 6}));
   EXPECT_EQ(choose_worker_cpus(topology, {4, 0u, {}}), (Cpus{0, 1, 4, 5}));
}

TEST(WorkerCpus, WithinTheListGivenSpreadOverItsCores) {
   const Topology topology = two_nodes_with_smt();
   // 4 and 0 share core 0, 1 is on core 1: core 1 comes before core 0's second thread.
   EXPECT_EQ(choose_worker_cpus(topology, {2, {}, Cpus{4, 0, 1}}), (Cpus{0, 1}));
   EXPECT_EQ(choose_worker_cpus(topology, {3, {}, Cpus{4, 0, 1}}), (Cpus{0, 1, 4}));
   // Only second threads listed: each is its core's first candidate.
   EXPECT_EQ(choose_worker_cpus(topology, {2, {}, Cpus{5, 6}}), (Cpus{5, 6}));
   EXPECT_EQ(choose_worker_cpus(topology, {2, 0u, Cpus{0, 4}}), (Cpus{0, 4}));
}

TEST(WorkerCpus, TheSameRequestGivesTheSameCpus) {
   const Topology topology = two_nodes_with_smt();
   const CpuRequest request{5, {}, Cpus{7, 6, 5, 4, 3, 2}};
   // Topology order, not the list's: cores 0-3 give 4, 5, 2, 3, then core 2 its second, 6.
   const Cpus first = choose_worker_cpus(topology, request);
   EXPECT_EQ(first, (Cpus{4, 5, 2, 3, 6}));
   EXPECT_EQ(choose_worker_cpus(two_nodes_with_smt(), request), first);
}

TEST(WorkerCpus, MoreThreadsThanCpusIsAClearError) {
   const Topology topology = two_nodes_with_smt();
   EXPECT_EQ(error_of([&] {
                choose_worker_cpus(topology, {9, {}, {}});
             }),
             "9 worker threads need 9 CPUs, but 8 can be used (CPUs 0-7)");
   EXPECT_EQ(error_of([&] {
                choose_worker_cpus(topology, {5, 1u, {}});
             }),
             "5 worker threads need 5 CPUs, but 4 can be used (CPUs 2-3,6-7 on NUMA node 1)");
   EXPECT_EQ(error_of([&] {
                choose_worker_cpus(topology, {3, {}, Cpus{2, 3}});
             }),
             "3 worker threads need 3 CPUs, but 2 can be used (CPUs 2-3 of the list 2-3)");
}

TEST(WorkerCpus, ListedCpusOffTheNodeAreAnError) {
   const Topology topology = two_nodes_with_smt();
   EXPECT_EQ(error_of([&] {
                choose_worker_cpus(topology, {1, 0u, Cpus{0, 2, 3}});
             }),
             "CPUs 2-3 of the list are not on NUMA node 0 (its CPUs: 0-1,4-5)");
}

TEST(WorkerCpus, UnknownCpusAndNodesAreNamed) {
   const Topology topology = two_nodes_with_smt();
   EXPECT_EQ(error_of([&] {
                check_cpus_usable(topology, {1, 9});
             }),
             "CPU 9 does not exist (this machine has CPUs 0-7)");
   EXPECT_EQ(error_of([&] { check_cpu_node(topology, 2); }),
             "NUMA node 2 does not exist (this machine has nodes 0-1)");
   EXPECT_EQ(error_of([&] { check_memory_node(topology, 5); }),
             "NUMA node 5 does not exist (this machine has nodes 0-1)");
   EXPECT_EQ(error_of([&] { check_memory_node(topology, 1); }), "no error");
   EXPECT_EQ(error_of([&] {
                choose_worker_cpus(topology, {1, 3u, {}});
             }),
             "NUMA node 3 does not exist (this machine has nodes 0-1)");
}

} // namespace
} // namespace memfrag::platform
