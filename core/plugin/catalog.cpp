#include "core/plugin/catalog.hpp"

#include <algorithm>
#include <filesystem>

#include "core/platform/child_process.hpp"
#include "core/support/paths.hpp"
#include "core/support/suggest.hpp"

namespace memfrag::plugin {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kLibraryPrefix = "lib";
constexpr std::string_view kLibrarySuffix = ".so";

bool looks_like_path(const std::string &ref) {
   return ref.find('/') != std::string::npos ||
          (ref.size() > kLibrarySuffix.size() && ref.ends_with(kLibrarySuffix));
}

std::string builtin_name(const std::string &file) {
   std::string stem = fs::path(file).filename().string();
   return stem.substr(kLibraryPrefix.size(),
                      stem.size() - kLibraryPrefix.size() - kLibrarySuffix.size());
}

// The built-in library offering an allocator with id `name`, found by loading each in turn.
std::optional<std::string> builtin_file_offering(const std::string &name) {
   for (const auto &file : builtin_plugin_files()) {
      try {
         auto library = load_library_isolated(file, std::chrono::seconds(10));
         for (const auto &info : library->allocators()) {
            if (info.id == name) {
               return file;
            }
         }
      } catch (const PluginError &) {
         continue; // a broken built-in is reported when it is named, not while searching
      }
   }
   return std::nullopt;
}

std::vector<std::string> builtin_names() {
   std::vector<std::string> names;
   for (const auto &file : builtin_plugin_files()) {
      names.push_back(builtin_name(file));
   }
   return names;
}

PluginRef resolve_builtin(const std::string &ref, const std::string &name) {
   for (const auto &file : builtin_plugin_files()) {
      if (builtin_name(file) == name) {
         return {ref, file, std::nullopt};
      }
   }
   if (auto file = builtin_file_offering(name)) {
      return {ref, *file, name};
   }
   std::vector<std::string> names = builtin_names();
   std::string listed;
   for (const auto &known : names) {
      listed += (listed.empty() ? "" : ", ") + known;
   }
   throw PluginError(name + ": no built-in plugin by that name" +
                     support::did_you_mean(name, names) +
                     (listed.empty() ? "; no built-in plugins were found (set MEMFRAG_PLUGIN_PATH)"
                                     : "; built-in: " + listed));
}

} // namespace

std::vector<std::string> builtin_plugin_files() {
   std::vector<std::string> files;
   std::vector<std::string> seen_names;
   for (const auto &dir : support::plugin_dirs()) {
      std::vector<std::string> here;
      for (const auto &entry : fs::directory_iterator(dir)) {
         std::string file = entry.path().filename().string();
         if (file.starts_with(kLibraryPrefix) && file.ends_with(kLibrarySuffix)) {
            here.push_back(entry.path().string());
         }
      }
      std::sort(here.begin(), here.end());
      for (const auto &file : here) {
         std::string name = builtin_name(file);
         if (std::find(seen_names.begin(), seen_names.end(), name) == seen_names.end()) {
            seen_names.push_back(name);
            files.push_back(file);
         }
      }
   }
   return files;
}

PluginRef resolve_plugin_ref(const std::string &ref) {
   std::string library_part = ref;
   std::optional<std::string> allocator_id;
   if (auto colon = ref.rfind(':'); colon != std::string::npos) {
      library_part = ref.substr(0, colon);
      allocator_id = ref.substr(colon + 1);
      if (library_part.empty() || allocator_id->empty()) {
         throw PluginError(ref + ": expected <plugin> or <plugin>:<allocator-id>");
      }
   }
   PluginRef resolved = looks_like_path(library_part)
                           ? PluginRef{ref, fs::absolute(library_part).lexically_normal().string(),
                                       std::nullopt}
                           : resolve_builtin(ref, library_part);
   if (allocator_id) {
      resolved.allocator_id = allocator_id;
   }
   return resolved;
}

std::unique_ptr<Library> load_library_isolated(const std::string &path,
                                               std::chrono::milliseconds time_limit) {
   platform::ChildLimits limits;
   limits.time_limit = time_limit;
   platform::ChildOutcome outcome = platform::run_in_child(
      [&path] {
         Library library(path);
         return std::string{};
      },
      limits);
   using End = platform::ChildOutcome::End;
   switch (outcome.end) {
   case End::signaled:
      throw PluginError(path + ": crashed while loading: " +
                        platform::describe_signal(outcome.signal));
   case End::timed_out:
      throw PluginError(path + ": hung while loading (killed after " +
                        std::to_string(time_limit.count() / 1000) + " s)");
   case End::interrupted: throw PluginError(path + ": loading interrupted");
   case End::exited:
      if (outcome.exit_code != 0) {
         throw PluginError(outcome.output);
      }
   }
   return std::make_unique<Library>(path);
}

} // namespace memfrag::plugin
