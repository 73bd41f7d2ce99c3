// CPU lists as Linux writes them ("0-3,8,10-11"): reading the one a user gives (--cpus) and
// writing one for messages and results.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

namespace memfrag::platform {

// A CPU list, a CPU or a node that cannot be used, with a message saying what was expected or
// what the machine has instead.
class PlacementError : public std::invalid_argument {
 public:
   using std::invalid_argument::invalid_argument;
};

// The highest OS CPU number a list may name.
inline constexpr unsigned kMaxCpuNumber = 65535;

// Parses comma-separated CPU numbers and inclusive ranges ("2-3", "0,2,4-7") into CPU numbers
// in the order given. Throws PlacementError naming the bad item: not a number, a range that
// runs backwards, a number above kMaxCpuNumber, a CPU listed twice, an empty list.
std::vector<unsigned> parse_cpu_list(const std::string &text);

// "0-3,8,10-11": the CPUs sorted, consecutive ones joined into ranges; "" for none.
std::string format_cpu_list(std::vector<unsigned> cpus);

} // namespace memfrag::platform
