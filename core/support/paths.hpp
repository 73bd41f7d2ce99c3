// Where built-in plugins and workloads are found, in the build tree and once installed.
#pragma once

#include <filesystem>
#include <vector>

namespace memfrag::support {

// Directories searched for built-in plugins, in order: the entries of $MEMFRAG_PLUGIN_PATH
// (colon-separated), the plugin directory next to the binary that holds memfrag's core
// (<bin>/../lib/memfrag/plugins, which covers the build tree, an install prefix and the Python
// package), then the configured install prefix. Only existing directories are returned.
std::vector<std::filesystem::path> plugin_dirs();

// The same for built-in workloads: $MEMFRAG_WORKLOAD_PATH, <bin>/../share/memfrag/workloads,
// the install prefix.
std::vector<std::filesystem::path> workload_dirs();

} // namespace memfrag::support
