#include "core/platform/environment.hpp"

#include <sys/utsname.h>
#include <unistd.h>

#include <fstream>
#include <string>

namespace memfrag::platform {
namespace {

// The value after "<key>:" on the first line of `path` that starts with `key`, trimmed.
std::string field_of(const char *path, const std::string &key) {
   std::ifstream in(path);
   std::string line;
   while (std::getline(in, line)) {
      if (line.rfind(key, 0) == 0) {
         auto colon = line.find(':');
         if (colon == std::string::npos) {
            continue;
         }
         std::string value = line.substr(colon + 1);
         value.erase(0, value.find_first_not_of(" \t"));
         return value;
      }
   }
   return "";
}

std::string first_line_of(const char *path) {
   std::ifstream in(path);
   std::string line;
   std::getline(in, line);
   return line;
}

// The selected mode of a sysfs choice file such as "always [madvise] never".
std::string selected_choice(const std::string &choices) {
   auto open = choices.find('[');
   auto close = choices.find(']');
   return open != std::string::npos && close > open ? choices.substr(open + 1, close - open - 1)
                                                    : choices;
}

} // namespace

nlohmann::json environment_basics() {
   utsname name{};
   uname(&name);
   return {
      {"kernel", std::string(name.sysname) + " " + name.release},
      {"machine", name.machine},
      {"cpu_model", field_of("/proc/cpuinfo", "model name")},
      {"online_cpus", sysconf(_SC_NPROCESSORS_ONLN)},
      {"memory_total", field_of("/proc/meminfo", "MemTotal")},
      {"thp_mode", selected_choice(first_line_of("/sys/kernel/mm/transparent_hugepage/enabled"))},
      {"base_page_bytes", sysconf(_SC_PAGESIZE)},
      {"build_type", MEMFRAG_BUILD_TYPE},
      {"compiler", __VERSION__},
   };
}

} // namespace memfrag::platform
