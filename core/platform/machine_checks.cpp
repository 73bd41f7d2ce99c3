// The doctor's reading of a machine fingerprint (machine_probe.hpp): what each fact means for
// results and how to fix it.
#include <string>

#include "core/platform/machine_probe.hpp"

namespace memfrag::platform {
namespace {

using nlohmann::json;

std::string shown(const json &value) {
   if (value.is_null()) {
      return "not present";
   }
   return value.is_string() ? value.get<std::string>() : value.dump();
}

MachineCheck cpus(const json &print) {
   return {"cpu", shown(print["cpu_model"]) + " x " + shown(print["cpus"]), true,
           "results are comparable only between runs on the same CPU model", ""};
}

std::string node_topology(const json &node) {
   return "node " + shown(node["node"]) + ": " + shown(node["packages"]) + " packages, " +
          shown(node["cores"]) + " cores, " + shown(node["pus"]) + " PUs (CPUs " +
          shown(node["cpus"]) + ")";
}

MachineCheck topology(const json &print) {
   const json &summary = print["topology"];
   if (!summary.is_object()) {
      return {"topology", "not readable (hwloc)", false,
              "worker CPUs cannot be chosen by core; --cpus, --node and --threads fail",
              "check that /sys/devices/system/cpu is readable"};
   }
   std::string value = shown(summary["packages"]) + " packages, " + shown(summary["cores"]) +
                       " cores, " + shown(summary["pus"]) + " PUs, SMT " +
                       (summary["smt"] == true ? "on" : "off") + "; allowed CPUs " +
                       shown(summary["allowed_cpus"]);
   for (const auto &node : summary["nodes"]) {
      value += "; " + node_topology(node);
   }
   return {"topology", value, true,
           "each worker thread is pinned to one CPU: one per core first, then second hardware "
           "threads (which share a core and make per-thread figures lower); --node and "
           "--cpu-node choose among one node's CPUs, --cpus among a list",
           ""};
}

MachineCheck numa(const json &print) {
   std::string value;
   for (const auto &node : print["numa_nodes"]) {
      value += (value.empty() ? "" : ", ") + std::string("node ") + shown(node["node"]) + ": " +
               shown(node["mem_free_kib"]) + " KiB free of " + shown(node["mem_total_kib"]);
   }
   return {"numa nodes", value.empty() ? "none reported" : value, true,
           "--node N binds each region's memory and pins the workers to node N; --cpu-node A "
           "--mem-node B puts them apart to measure remote access. Without them the kernel "
           "places memory near the CPU that first touches it. Every run records on which node "
           "its backing pages ended up",
           ""};
}

MachineCheck pools(const json &print) {
   std::string value;
   bool any_free = false;
   for (const auto &pool : print["hugepage_pools"]) {
      value += (value.empty() ? "" : ", ") + shown(pool["page_kib"]) + " KiB: " +
               shown(pool["free"]) + " free of " + shown(pool["total"]);
      any_free = any_free || (pool["free"].is_number() && pool["free"].get<long long>() > 0);
   }
   for (const auto &node : print["numa_nodes"]) {
      for (const auto &pool : node["hugepages"]) {
         value += "; node " + shown(node["node"]) + " " + shown(pool["page_kib"]) + " KiB: " +
                  shown(pool["free"]) + " free of " + shown(pool["total"]);
      }
   }
   return {"huge-page pools", value, any_free,
           "hugetlb backing (--backing hugetlb-2m|hugetlb-1g) needs free huge pages",
           any_free ? "" : "memfrag run --reserve-hugepages 64 (as root), or: echo 64 > "
                           "/sys/kernel/mm/hugepages/hugepages-2048kB/nr_hugepages"};
}

MachineCheck thp(const json &print) {
   const json &modes = print["thp"];
   const bool shmem_off = modes["shmem_enabled"] == "never" || modes["shmem_enabled"] == "deny";
   return {"transparent huge pages",
           "enabled " + shown(modes["enabled"]) + ", shmem_enabled " +
               shown(modes["shmem_enabled"]) + ", defrag " + shown(modes["defrag"]),
           !shmem_off,
           "--backing thp needs shmem_enabled advise (regions are memory files); 'always' "
           "enabled adds khugepaged noise to 4k runs",
           shmem_off ? "echo advise > /sys/kernel/mm/transparent_hugepage/shmem_enabled" : ""};
}

MachineCheck governor(const json &print) {
   const json &value = print["cpufreq_governor"];
   const bool fine = value.is_null() || value == "performance";
   return {"cpu frequency",
           "governor " + shown(value) + ", boost " + shown(print["boost"]), fine,
           "a governor other than performance, and boost, make latencies vary between runs",
           fine ? "" : "cpupower frequency-set -g performance"};
}

MachineCheck aslr(const json &print) {
   const bool fine = print["aslr"] == 0;
   return {"aslr", shown(print["aslr"]), fine,
           "address randomization changes cache and TLB behaviour between runs (fragmentation "
           "figures are unaffected)",
           fine ? "" : "echo 0 > /proc/sys/kernel/randomize_va_space (for timing studies)"};
}

MachineCheck perf(const json &print) {
   const json &value = print["perf_event_paranoid"];
   const bool fine = print["root"] == true || (value.is_number() && value.get<long long>() <= 1);
   return {"perf counters", "perf_event_paranoid " + shown(value), fine,
           "hardware counters (cycles, TLB misses) can be read only when this is 1 or less, or "
           "as root",
           fine ? "" : "echo 1 > /proc/sys/kernel/perf_event_paranoid"};
}

MachineCheck pagemap(const json &print) {
   const bool fine = print["pagemap_frames"] == true;
   return {"pagemap", fine ? "gives frame numbers" : "frame numbers hidden", fine,
           "--contiguity checks that handed-out blocks are physically contiguous; it needs the "
           "region's physical frame numbers, readable only as root",
           fine ? "" : "run as root"};
}

MachineCheck memory_lock(const json &print) {
   const json &limit = print["memlock_limit_bytes"];
   const bool fine = print["root"] == true || limit.is_null();
   return {"memory locking", limit.is_null() ? "unlimited" : shown(limit) + " bytes", fine,
           "--lock and --contiguity lock each region in memory (mlock), which the limit must "
           "allow for the whole region",
           fine ? "" : "ulimit -l unlimited (or run as root)"};
}

MachineCheck root(const json &print) {
   const bool fine = print["root"] == true;
   return {"privileges", fine ? "root" : "not root", fine,
           "reserving huge pages and reading pagemap need root", fine ? "" : "run as root"};
}

} // namespace

std::vector<MachineCheck> machine_checks(const json &fingerprint) {
   return {cpus(fingerprint),   topology(fingerprint), numa(fingerprint),
           pools(fingerprint),  thp(fingerprint),      governor(fingerprint),
           aslr(fingerprint),   perf(fingerprint),     pagemap(fingerprint),
           memory_lock(fingerprint), root(fingerprint)};
}

std::vector<std::string> noisy_setup_warnings(const json &fingerprint, BackingKind backing) {
   std::vector<std::string> warnings;
   const json &governor = fingerprint["cpufreq_governor"];
   if (governor.is_string() && governor != "performance") {
      warnings.push_back("cpu frequency governor is " + governor.get<std::string>() +
                         ", not performance");
   }
   if (backing == BackingKind::base_4k && fingerprint["thp"]["enabled"] == "always") {
      warnings.push_back("transparent huge pages are 'always' while the region is backed by 4k "
                         "pages");
   }
   return warnings;
}

} // namespace memfrag::platform
