#include "core/platform/machine_probe.hpp"

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <optional>
#include <regex>

#include "core/platform/pagemap.hpp"
#include "core/platform/topology_summary.hpp"

namespace memfrag::platform {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

std::optional<std::string> first_line(const fs::path &path) {
   std::ifstream in(path);
   std::string line;
   if (!std::getline(in, line)) {
      return std::nullopt;
   }
   return line;
}

json number_or_null(const fs::path &path) {
   auto line = first_line(path);
   if (!line || line->empty()) {
      return nullptr;
   }
   try {
      return std::stoll(*line);
   } catch (const std::exception &) {
      return nullptr;
   }
}

json text_or_null(const fs::path &path) {
   auto line = first_line(path);
   return line ? json(*line) : json();
}

json selected_choice(const fs::path &path) {
   auto line = first_line(path);
   if (!line) {
      return nullptr;
   }
   auto open = line->find('[');
   auto close = line->find(']');
   return open != std::string::npos && close > open ? line->substr(open + 1, close - open - 1)
                                                    : *line;
}

std::string cpu_model() {
   std::ifstream in("/proc/cpuinfo");
   std::string line;
   while (std::getline(in, line)) {
      if (line.rfind("model name", 0) == 0 && line.find(':') != std::string::npos) {
         return line.substr(line.find(':') + 2);
      }
   }
   return "";
}

// Pools under `dir` (".../hugepages"), by page size.
json hugepage_pools(const fs::path &dir) {
   json pools = json::array();
   std::error_code error;
   static const std::regex name(R"(hugepages-([0-9]+)kB)");
   for (const auto &entry : fs::directory_iterator(dir, error)) {
      std::smatch match;
      const std::string file = entry.path().filename().string();
      if (std::regex_match(file, match, name)) {
         pools.push_back({{"page_kib", std::stoull(match[1].str())},
                          {"total", number_or_null(entry.path() / "nr_hugepages")},
                          {"free", number_or_null(entry.path() / "free_hugepages")}});
      }
   }
   return pools;
}

// "Node 0 MemFree:   9511948 kB" -> 9511948.
json node_meminfo_kib(const fs::path &file, const std::string &key) {
   std::ifstream in(file);
   std::string line;
   while (std::getline(in, line)) {
      auto at = line.find(key + ":");
      if (at != std::string::npos) {
         return std::stoull(line.substr(at + key.size() + 1));
      }
   }
   return nullptr;
}

json numa_nodes() {
   json nodes = json::array();
   std::error_code error;
   static const std::regex name(R"(node([0-9]+))");
   for (const auto &entry : fs::directory_iterator("/sys/devices/system/node", error)) {
      std::smatch match;
      const std::string file = entry.path().filename().string();
      if (std::regex_match(file, match, name)) {
         nodes.push_back({{"node", std::stoul(match[1].str())},
                          {"mem_total_kib", node_meminfo_kib(entry.path() / "meminfo", "MemTotal")},
                          {"mem_free_kib", node_meminfo_kib(entry.path() / "meminfo", "MemFree")},
                          {"hugepages", hugepage_pools(entry.path() / "hugepages")}});
      }
   }
   std::sort(nodes.begin(), nodes.end(),
             [](const json &a, const json &b) { return a["node"] < b["node"]; });
   return nodes;
}

// Turbo/boost: the generic cpufreq switch, or intel_pstate's inverted one.
json boost() {
   json generic = number_or_null("/sys/devices/system/cpu/cpufreq/boost");
   if (!generic.is_null()) {
      return generic.get<long long>() != 0;
   }
   json no_turbo = number_or_null("/sys/devices/system/cpu/intel_pstate/no_turbo");
   return no_turbo.is_null() ? json() : json(no_turbo.get<long long>() == 0);
}

// RLIMIT_MEMLOCK's soft limit in bytes; null when unlimited.
json memlock_limit() {
   rlimit limit{};
   if (getrlimit(RLIMIT_MEMLOCK, &limit) != 0 || limit.rlim_cur == RLIM_INFINITY) {
      return nullptr;
   }
   return static_cast<std::uint64_t>(limit.rlim_cur);
}

// The topology summary; null when hwloc cannot read the machine.
json machine_topology() {
   try {
      return topology_summary(Topology::machine());
   } catch (const std::exception &) {
      return nullptr;
   }
}

} // namespace

json machine_fingerprint() {
   const fs::path thp = "/sys/kernel/mm/transparent_hugepage";
   return {
      {"cpu_model", cpu_model()},
      {"cpus", sysconf(_SC_NPROCESSORS_ONLN)},
      {"topology", machine_topology()},
      {"numa_nodes", numa_nodes()},
      {"hugepage_pools", hugepage_pools("/sys/kernel/mm/hugepages")},
      {"thp",
       {{"enabled", selected_choice(thp / "enabled")},
        {"shmem_enabled", selected_choice(thp / "shmem_enabled")},
        {"defrag", selected_choice(thp / "defrag")}}},
      {"cpufreq_governor", text_or_null("/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor")},
      {"boost", boost()},
      {"aslr", number_or_null("/proc/sys/kernel/randomize_va_space")},
      {"perf_event_paranoid", number_or_null("/proc/sys/kernel/perf_event_paranoid")},
      {"pagemap_frames", pagemap_gives_frames()},
      {"memlock_limit_bytes", memlock_limit()},
      {"root", geteuid() == 0},
   };
}

} // namespace memfrag::platform
