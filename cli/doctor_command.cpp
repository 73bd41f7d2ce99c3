// memfrag doctor: what this machine's setup means for results, and how to fix what is not fine.
#include <cstdio>
#include <iostream>
#include <memory>

#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"
#include "core/platform/machine_probe.hpp"

namespace memfrag::cli {
namespace {

nlohmann::json checks_json(const std::vector<platform::MachineCheck> &checks) {
   nlohmann::json list = nlohmann::json::array();
   for (const auto &check : checks) {
      list.push_back({{"name", check.name},
                      {"value", check.value},
                      {"fine", check.fine},
                      {"meaning", check.meaning},
                      {"fix", check.fix}});
   }
   return list;
}

void print_checks(const std::vector<platform::MachineCheck> &checks) {
   for (const auto &check : checks) {
      std::cout << (check.fine ? "[ok]   " : "[warn] ") << check.name << ": " << check.value
                << "\n       " << check.meaning << '\n';
      if (!check.fix.empty()) {
         std::cout << "       fix: " << check.fix << '\n';
      }
   }
}

void doctor(bool as_json) {
   const nlohmann::json fingerprint = platform::machine_fingerprint();
   const auto checks = platform::machine_checks(fingerprint);
   if (as_json) {
      std::cout << nlohmann::json{{"fingerprint", fingerprint}, {"checks", checks_json(checks)}}
                      .dump(2)
                << '\n';
   } else {
      print_checks(checks);
   }
   std::cout << std::flush;
   throw CommandExit{kExitOk};
}

} // namespace

void add_doctor_command(CLI::App &app) {
   auto as_json = std::make_shared<bool>(false);
   CLI::App *command = app.add_subcommand(
      "doctor", "Check this machine's setup for benchmarking: huge pages, THP, CPU frequency, "
                "NUMA, ASLR, perf and pagemap access");
   command->add_flag("--json", *as_json, "Machine-readable output: fingerprint and checks");
   command->callback([as_json] { doctor(*as_json); });
}

} // namespace memfrag::cli
