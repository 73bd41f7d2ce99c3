#include "core/support/paths.hpp"

#include <dlfcn.h>

#include <algorithm>
#include <cstdlib>
#include <string>
#include <system_error>

namespace memfrag::support {
namespace {

namespace fs = std::filesystem;

// The file (executable or shared object) this code was linked into: the CLI, or the Python
// extension module, each with the data directories laid out beside it.
fs::path binary_holding_core() {
   Dl_info info{};
   if (dladdr(reinterpret_cast<void *>(&binary_holding_core), &info) == 0 ||
       info.dli_fname == nullptr) {
      return {};
   }
   std::error_code ignored;
   return fs::canonical(info.dli_fname, ignored);
}

std::vector<fs::path> search_dirs(const char *env_name, const fs::path &relative_to_prefix,
                                  const char *installed) {
   std::vector<fs::path> candidates;
   if (const char *env = std::getenv(env_name); env != nullptr) {
      std::string list = env;
      std::size_t start = 0;
      while (start <= list.size()) {
         std::size_t end = list.find(':', start);
         if (end == std::string::npos) {
            end = list.size();
         }
         if (end > start) {
            candidates.emplace_back(list.substr(start, end - start));
         }
         start = end + 1;
      }
   }
   if (fs::path binary = binary_holding_core(); !binary.empty()) {
      candidates.push_back(binary.parent_path().parent_path() / relative_to_prefix);
   }
   candidates.emplace_back(installed);
   std::vector<fs::path> existing;
   for (const auto &dir : candidates) {
      std::error_code error;
      fs::path canonical = fs::canonical(dir, error);
      if (error || !fs::is_directory(canonical)) {
         continue;
      }
      if (std::find(existing.begin(), existing.end(), canonical) == existing.end()) {
         existing.push_back(canonical);
      }
   }
   return existing;
}

} // namespace

std::vector<fs::path> plugin_dirs() {
   return search_dirs("MEMFRAG_PLUGIN_PATH", MEMFRAG_PLUGIN_SUBDIR, MEMFRAG_INSTALLED_PLUGIN_DIR);
}

std::vector<fs::path> workload_dirs() {
   return search_dirs("MEMFRAG_WORKLOAD_PATH", MEMFRAG_WORKLOAD_SUBDIR,
                      MEMFRAG_INSTALLED_WORKLOAD_DIR);
}

} // namespace memfrag::support
