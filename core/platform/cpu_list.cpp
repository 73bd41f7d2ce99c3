#include "core/platform/cpu_list.hpp"

#include <algorithm>
#include <charconv>
#include <set>

namespace memfrag::platform {
namespace {

constexpr const char *kExpected = "expected CPU numbers and ranges such as 2-3 or 0,2,4-7";

[[noreturn]] void reject(const std::string &text, const std::string &why) {
   throw PlacementError("CPU list '" + text + "': " + why);
}

unsigned parse_cpu(const std::string &text, const std::string &item, const std::string &number) {
   unsigned cpu = 0;
   const char *end = number.data() + number.size();
   auto [stop, error] = std::from_chars(number.data(), end, cpu);
   if (number.empty() || error == std::errc::invalid_argument || stop != end) {
      reject(text, "'" + item + "' is not a CPU number or range (" + kExpected + ")");
   }
   if (error == std::errc::result_out_of_range || cpu > kMaxCpuNumber) {
      reject(text, "CPU " + number + " is above the highest supported number " +
                       std::to_string(kMaxCpuNumber));
   }
   return cpu;
}

// "4" or "4-7", appended to `cpus`.
void parse_item(const std::string &text, const std::string &item, std::vector<unsigned> &cpus) {
   const auto dash = item.find('-');
   const unsigned first = parse_cpu(text, item, item.substr(0, dash));
   const unsigned last =
       dash == std::string::npos ? first : parse_cpu(text, item, item.substr(dash + 1));
   if (last < first) {
      reject(text, "range " + item + " runs backwards (write " + std::to_string(last) + "-" +
                       std::to_string(first) + ")");
   }
   for (unsigned cpu = first; cpu <= last; ++cpu) {
      cpus.push_back(cpu);
   }
}

void reject_repeats(const std::string &text, const std::vector<unsigned> &cpus) {
   std::set<unsigned> seen;
   for (unsigned cpu : cpus) {
      if (!seen.insert(cpu).second) {
         reject(text, "CPU " + std::to_string(cpu) + " is listed twice");
      }
   }
}

} // namespace

std::vector<unsigned> parse_cpu_list(const std::string &text) {
   if (text.empty()) {
      reject(text, std::string("empty (") + kExpected + ")");
   }
   std::vector<unsigned> cpus;
   std::size_t start = 0;
   while (start <= text.size()) {
      const std::size_t comma = std::min(text.find(',', start), text.size());
      parse_item(text, text.substr(start, comma - start), cpus);
      start = comma + 1;
   }
   reject_repeats(text, cpus);
   return cpus;
}

std::string format_cpu_list(std::vector<unsigned> cpus) {
   std::sort(cpus.begin(), cpus.end());
   std::string list;
   for (std::size_t first = 0; first < cpus.size();) {
      std::size_t last = first;
      while (last + 1 < cpus.size() && cpus[last + 1] == cpus[last] + 1) {
         ++last;
      }
      list += (list.empty() ? "" : ",") + std::to_string(cpus[first]);
      if (last > first) {
         list += "-" + std::to_string(cpus[last]);
      }
      first = last + 1;
   }
   return list;
}

} // namespace memfrag::platform
