// Naming plugins on the command line: built-in names, library paths, and one allocator of a
// library that offers several.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/plugin/library.hpp"

namespace memfrag::plugin {

// A --plugin argument resolved to a library file and, optionally, one allocator of it.
struct PluginRef {
   std::string ref;  // as the user wrote it
   std::string path; // library file
   std::optional<std::string> allocator_id; // all allocators of the library when empty
};

// Resolves `ref`:
//   "buddy"                 built-in: libbuddy.so in the plugin directories, or else the
//                           built-in library offering an allocator with that id;
//   "./libmine.so", "x.so"  a path (contains '/' or ends in ".so"): that file;
//   "<ref>:<allocator-id>"  one allocator of that library.
// Throws PluginError for an unknown name, suggesting the nearest built-in one.
PluginRef resolve_plugin_ref(const std::string &ref);

// Every built-in plugin library file, sorted by name.
std::vector<std::string> builtin_plugin_files();

// Loads `path` in a child process first (killed after `time_limit`), so that a library that
// crashes or hangs while loading is reported as a PluginError instead of taking the host down,
// then loads it in this process.
std::unique_ptr<Library> load_library_isolated(const std::string &path,
                                               std::chrono::milliseconds time_limit);

} // namespace memfrag::plugin
