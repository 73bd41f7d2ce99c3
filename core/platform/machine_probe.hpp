// The machine's fingerprint: the setup facts that make results noisy or not comparable (CPU,
// NUMA memory, huge-page pools, THP modes, frequency governor, ASLR, perf and pagemap access,
// privileges). `memfrag doctor` explains them; every results document records them.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/platform/backing.hpp"

namespace memfrag::platform {

// Reads the fingerprint from /proc and /sys. Facts that are absent on this machine are null.
nlohmann::json machine_fingerprint();

// One line of the doctor: a fact, whether it is fine for benchmarking, what it means for
// results and how to fix it.
struct MachineCheck {
   std::string name;
   std::string value;
   bool fine = true;
   std::string meaning;
   std::string fix; // empty when fine
};
std::vector<MachineCheck> machine_checks(const nlohmann::json &fingerprint);

// Short warnings about a setup that makes timings noisy for a run with `backing`.
std::vector<std::string> noisy_setup_warnings(const nlohmann::json &fingerprint,
                                              BackingKind backing);

} // namespace memfrag::platform
