// memfrag list: the built-in plugins with their parameters, and the built-in workloads.
#include <cstdio>
#include <iostream>
#include <memory>

#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"
#include "core/plugin/catalog.hpp"
#include "core/plugin/params.hpp"
#include "core/results/json.hpp"
#include "core/workload/workload.hpp"

namespace memfrag::cli {
namespace {

struct ListOptions {
   bool json = false;
};

std::string range_of(const plugin::ParamSpec &spec) {
   if (!spec.choices.empty()) {
      std::string listed;
      for (const auto &choice : spec.choices) {
         listed += (listed.empty() ? "" : "|") + choice;
      }
      return listed;
   }
   if (spec.min && spec.max) {
      return plugin::param_value_text(*spec.min) + ".." + plugin::param_value_text(*spec.max);
   }
   return "";
}

void print_allocator(const plugin::AllocatorInfo &info) {
   std::printf("  %-18s %s%s\n", info.id.c_str(), info.description.c_str(),
               info.thread_safe ? " [thread-safe]" : "");
   for (const auto &spec : info.params) {
      std::printf("      %s.%s (%s, default %s%s%s)\n          %s\n", info.id.c_str(),
                  spec.name.c_str(), spec.type.c_str(),
                  plugin::param_value_text(spec.default_value).c_str(),
                  range_of(spec).empty() ? "" : ", ", range_of(spec).c_str(), spec.doc.c_str());
   }
}

nlohmann::json allocator_json(const plugin::AllocatorInfo &info) {
   nlohmann::json params = nlohmann::json::array();
   for (const auto &spec : info.params) {
      params.push_back(results::param_schema_to_json(spec));
   }
   return {{"id", info.id},         {"name", info.name},
           {"vendor", info.vendor}, {"version", info.version},
           {"description", info.description},
           {"thread_safe", info.thread_safe},
           {"params", params}};
}

void list(const ListOptions &options) {
   nlohmann::json plugins = nlohmann::json::array();
   if (!options.json) {
      std::printf("Plugins (--plugin NAME, parameters with --set ID.NAME=VALUE):\n");
   }
   for (const auto &file : plugin::builtin_plugin_files()) {
      try {
         auto library = plugin::load_library_isolated(file, std::chrono::seconds(30));
         for (const auto &info : library->allocators()) {
            options.json ? plugins.push_back(allocator_json(info)) : print_allocator(info);
         }
      } catch (const plugin::PluginError &error) {
         std::fprintf(stderr, "memfrag: warning: skipping %s\n", error.what());
      }
   }
   nlohmann::json workloads = nlohmann::json::array();
   if (!options.json) {
      std::printf("\nWorkloads (--workload NAME, or a TOML file, or trace:FILE):\n");
   }
   for (const auto &builtin : workload::builtin_workloads()) {
      if (options.json) {
         workloads.push_back({{"name", builtin.name}, {"description", builtin.description},
                              {"path", builtin.path}});
      } else {
         std::printf("  %-18s %s\n", builtin.name.c_str(), builtin.description.c_str());
      }
   }
   if (options.json) {
      std::cout << nlohmann::json{{"plugins", plugins}, {"workloads", workloads}}.dump(2) << "\n";
   }
}

} // namespace

void add_list_command(CLI::App &app) {
   auto options = std::make_shared<ListOptions>();
   CLI::App *command =
      app.add_subcommand("list", "List the built-in plugins (with their parameters) and workloads");
   command->add_flag("--json", options->json, "Print the listing as JSON on stdout");
   command->callback([options] { list(*options); });
}

} // namespace memfrag::cli
