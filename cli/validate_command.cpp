// memfrag validate: the conformance checks against one plugin library, each in its own process;
// pass / fail / skip per check with the reason, as text or JSON, exit status 1 on any failure.
#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"
#include "core/plugin/catalog.hpp"
#include "core/validate/registry.hpp"
#include "core/validate/validator.hpp"

#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <random>

namespace memfrag::cli {
namespace {

struct ValidateArguments {
   std::string plugin;
   std::optional<std::uint64_t> seed;
   bool json = false;
   std::vector<std::string> checks;
   bool list_checks = false;
   unsigned timeout_seconds = 60;
};

[[noreturn]] void fail(const std::string &message) {
   std::fprintf(stderr, "memfrag: error: %s\n", message.c_str());
   throw CommandExit{kExitBadInput};
}

void list_checks() {
   for (const auto &check : validate::all_checks()) {
      std::printf("%-16s %s\n", check.name, check.description);
   }
}

void print_check(const validate::CheckReport &report) {
   std::printf("  %s  %-16s %s\n", validate::verdict_name(report.verdict), report.name.c_str(),
               report.reason.c_str());
   std::fflush(stdout);
}

nlohmann::json report_json(const validate::ValidationReport &report) {
   nlohmann::json checks = nlohmann::json::array();
   for (const auto &check : report.checks) {
      checks.push_back({{"name", check.name},
                        {"status", validate::verdict_name(check.verdict)},
                        {"reason", check.reason},
                        {"seconds", check.seconds}});
   }
   return {{"schema_version", 1},
           {"memfrag_version", MEMFRAG_VERSION},
           {"plugin", report.plugin},
           {"allocator", report.allocator_id ? nlohmann::json(*report.allocator_id) : nullptr},
           {"seed", report.seed},
           {"passed", report.passed()},
           {"checks", checks}};
}

validate::ValidateOptions options_from(const ValidateArguments &arguments) {
   plugin::PluginRef ref;
   try {
      ref = plugin::resolve_plugin_ref(arguments.plugin);
   } catch (const plugin::PluginError &error) {
      fail(error.what());
   }
   if (!std::filesystem::exists(ref.path)) {
      fail(ref.path + ": no such file");
   }
   validate::ValidateOptions options;
   options.path = ref.path;
   options.allocator_id = ref.allocator_id;
   options.seed = arguments.seed.value_or(std::random_device{}());
   options.checks = arguments.checks;
   options.time_limit = std::chrono::seconds(arguments.timeout_seconds);
   return options;
}

void run_validation(const ValidateArguments &arguments) {
   if (arguments.list_checks) {
      list_checks();
      return;
   }
   if (arguments.plugin.empty()) {
      fail("validate needs a plugin: a library path or a built-in name");
   }
   validate::ValidateOptions options = options_from(arguments);
   if (!arguments.json) {
      std::printf("memfrag validate %s (seed %llu; repeat with --seed %llu)\n",
                  options.path.c_str(), static_cast<unsigned long long>(options.seed),
                  static_cast<unsigned long long>(options.seed));
      options.on_report = &print_check;
   }
   validate::ValidationReport report;
   try {
      report = validate::validate_plugin(options);
   } catch (const std::invalid_argument &error) {
      fail(error.what());
   }
   if (arguments.json) {
      std::cout << report_json(report).dump(2) << "\n";
   } else {
      std::printf("%zu checks: %zu passed, %zu failed, %zu skipped\n", report.checks.size(),
                  report.count(validate::Verdict::pass), report.count(validate::Verdict::fail),
                  report.count(validate::Verdict::skip));
   }
   throw CommandExit{report.passed() ? kExitOk : kExitRunFailed};
}

} // namespace

void add_validate_command(CLI::App &app) {
   auto arguments = std::make_shared<ValidateArguments>();
   CLI::App *command = app.add_subcommand(
       "validate", "Check a plugin against the ABI contract (each check in its own process)");
   command->add_option("plugin", arguments->plugin,
                       "Plugin: a library path, a built-in name, or LIB:ALLOCATOR for one "
                       "allocator of a library");
   command->add_option("-s,--seed", arguments->seed,
                       "Seed of every random walk; printed, so a failure can be repeated. "
                       "Default: a random seed");
   command->add_flag("--json", arguments->json, "Print the verdicts as JSON on stdout");
   command->add_option("-c,--check", arguments->checks,
                       "Run only this check (repeatable); see --list-checks");
   command->add_flag("--list-checks", arguments->list_checks, "List the checks and exit");
   command
       ->add_option("--timeout", arguments->timeout_seconds,
                    "Time limit of each check in seconds; a check over it fails as hung")
       ->capture_default_str()
       ->check(CLI::Range(1u, 86400u));
   command->callback([arguments] { run_validation(*arguments); });
}

} // namespace memfrag::cli
