// The built-in plugins (each library loaded in a child process first, as `memfrag list` does)
// and the built-in workloads, as JSON text in the layout of `memfrag list --json`.
#include "bindings/python/src/bindings.hpp"

#include <pybind11/stl.h>

#include <chrono>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/plugin/catalog.hpp"
#include "core/results/json.hpp"
#include "core/workload/workload.hpp"

namespace memfrag::python {
namespace {

constexpr std::chrono::seconds kLoadTimeLimit{30};

nlohmann::json allocator_json(const plugin::AllocatorInfo &info, const std::string &path) {
   nlohmann::json params = nlohmann::json::array();
   for (const auto &spec : info.params) {
      params.push_back(results::param_schema_to_json(spec));
   }
   return {{"id", info.id},
           {"name", info.name},
           {"vendor", info.vendor},
           {"version", info.version},
           {"description", info.description},
           {"thread_safe", info.thread_safe},
           {"path", path},
           {"params", params}};
}

void append_allocators(nlohmann::json &listing, const std::string &path) {
   auto library = plugin::load_library_isolated(path, kLoadTimeLimit);
   for (const auto &info : library->allocators()) {
      listing.push_back(allocator_json(info, path));
   }
}

// Built-in libraries that fail to load are skipped with a warning, as `memfrag list` does.
std::string list_builtin_plugins() {
   nlohmann::json listing = nlohmann::json::array();
   std::vector<std::string> warnings;
   {
      pybind11::gil_scoped_release released;
      for (const auto &path : plugin::builtin_plugin_files()) {
         try {
            append_allocators(listing, path);
         } catch (const plugin::PluginError &error) {
            warnings.push_back(std::string("skipping ") + error.what());
         }
      }
   }
   for (const auto &warning : warnings) {
      if (PyErr_WarnEx(PyExc_RuntimeWarning, warning.c_str(), 1) != 0) {
         throw pybind11::error_already_set();
      }
   }
   return listing.dump();
}

// Libraries the caller named must load: a PluginError otherwise.
std::string list_plugins(const std::vector<std::string> &refs) {
   if (refs.empty()) {
      return list_builtin_plugins();
   }
   nlohmann::json listing = nlohmann::json::array();
   pybind11::gil_scoped_release released;
   for (const auto &ref : refs) {
      append_allocators(listing, plugin::resolve_plugin_ref(ref).path);
   }
   return listing.dump();
}

std::string list_workloads() {
   nlohmann::json listing = nlohmann::json::array();
   for (const auto &builtin : workload::builtin_workloads()) {
      listing.push_back(
         {{"name", builtin.name}, {"description", builtin.description}, {"path", builtin.path}});
   }
   return listing.dump();
}

} // namespace

void bind_catalog(pybind11::module_ &module) {
   module.def("list_plugins", &list_plugins, pybind11::arg("refs"),
              "JSON list of the allocators of the plugins named in `refs` (names or library "
              "paths), or of every built-in plugin when `refs` is empty.");
   module.def("list_workloads", &list_workloads, "JSON list of the built-in workloads.");
   module.def("builtin_plugin_files", &plugin::builtin_plugin_files,
              "The library file of every built-in plugin, sorted by name.");
}

} // namespace memfrag::python
