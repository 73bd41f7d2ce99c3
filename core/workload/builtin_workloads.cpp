#include "core/workload/builtin_workloads.hpp"

#include "core/support/paths.hpp"
#include "core/support/suggest.hpp"
#include "core/workload/workload.hpp"

#include <algorithm>
#include <filesystem>
#include <system_error>
#include <toml++/toml.h>

namespace memfrag::workload {
namespace {

namespace fs = std::filesystem;

// A listing must not fail because one file is broken: loading it by name reports the problem.
std::string description_of(const fs::path &path) {
   try {
      auto root = toml::parse_file(path.string());
      return root["workload"]["description"].value_or(std::string{});
   } catch (const toml::parse_error &) {
      return {};
   }
}

bool is_workload_file(const fs::directory_entry &entry) {
   std::error_code ignored;
   return entry.is_regular_file(ignored) && entry.path().extension() == ".toml";
}

bool listed(const std::vector<BuiltinWorkload> &workloads, const std::string &name) {
   return std::any_of(workloads.begin(), workloads.end(),
                      [&](const BuiltinWorkload &workload) { return workload.name == name; });
}

void add_directory(const fs::path &dir, std::vector<BuiltinWorkload> &workloads) {
   std::error_code error;
   for (const auto &entry : fs::directory_iterator(dir, error)) {
      if (is_workload_file(entry) && !listed(workloads, entry.path().stem().string())) {
         workloads.push_back(
             {entry.path().stem().string(), description_of(entry.path()), entry.path().string()});
      }
   }
}

} // namespace

std::vector<BuiltinWorkload> builtin_workloads() {
   std::vector<BuiltinWorkload> workloads;
   for (const auto &dir : support::workload_dirs()) {
      add_directory(dir, workloads);
   }
   std::sort(workloads.begin(), workloads.end(),
             [](const auto &a, const auto &b) { return a.name < b.name; });
   return workloads;
}

std::string builtin_workload_path(const std::string &name) {
   for (const auto &dir : support::workload_dirs()) {
      std::error_code ignored;
      if (auto path = dir / (name + ".toml"); fs::is_regular_file(path, ignored)) {
         return path.string();
      }
   }
   std::vector<std::string> names;
   for (const auto &workload : builtin_workloads()) {
      names.push_back(workload.name);
   }
   std::string listing;
   for (const auto &known : names) {
      listing += (listing.empty() ? "" : ", ") + known;
   }
   throw WorkloadError("unknown workload '" + name + "'" + support::did_you_mean(name, names) +
                       "; built-in workloads: " + (listing.empty() ? "none found" : listing) +
                       " (or give the path of a .toml file)");
}

} // namespace memfrag::workload
