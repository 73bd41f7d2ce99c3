// memfrag run: the run matrix, a comparison on stdout, the results document on disk.
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>

#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"
#include "core/platform/files.hpp"
#include "core/platform/interrupt.hpp"
#include "core/plugin/catalog.hpp"
#include "core/run/prepare.hpp"
#include "core/run/session.hpp"
#include "core/workload/workload.hpp"
#include "reports/reporter.hpp"

namespace memfrag::cli {
namespace {

struct RunOptions {
   std::vector<std::string> plugins;
   std::vector<std::string> workloads;
   std::vector<std::uint64_t> seeds;
   std::uint32_t repeat = 1;
   std::vector<std::string> settings;
   std::vector<std::string> outputs;
   std::string format = "console";
   bool no_check = false;
   unsigned timeout_seconds = 600;
   bool quiet = false;
   std::string shard;
   std::vector<std::string> command;
};

// With no --plugin, every built-in plugin; with no --workload, every built-in workload.
void apply_defaults(RunOptions &options) {
   if (options.plugins.empty()) {
      for (const auto &file : plugin::builtin_plugin_files()) {
         options.plugins.push_back(file);
      }
   }
   if (options.workloads.empty()) {
      for (const auto &builtin : workload::builtin_workloads()) {
         options.workloads.push_back(builtin.name);
      }
   }
   if (options.seeds.empty()) {
      options.seeds.push_back(1);
   }
}

[[noreturn]] void fail(int code, const std::string &message) {
   std::fprintf(stderr, "memfrag: error: %s\n", message.c_str());
   throw CommandExit{code};
}

void write_output(const results::Document &document, const std::string &path) {
   std::optional<reports::Format> format = reports::format_from_path(path);
   if (!format) {
      throw std::invalid_argument("unknown file extension (expected .json, .gbench.json, "
                                  ".bmf.json, .csv, .md or .html)");
   }
   platform::write_file_atomically(path, reports::render(document, *format));
}

// "K/N" with 1 <= K <= N.
std::optional<run::ShardSelection> parse_shard(const std::string &text) {
   unsigned index = 0, count = 0;
   char end = 0;
   if (std::sscanf(text.c_str(), "%u/%u%c", &index, &count, &end) != 2 || index < 1 ||
       index > count)
      return std::nullopt;
   return run::ShardSelection{index, count};
}

int exit_code_of(const results::Document &document) {
   if (!document.complete) {
      return kExitInterrupted;
   }
   for (const auto &run : document.runs) {
      if (run.status != results::RunStatus::ok) {
         return kExitRunFailed;
      }
   }
   return kExitOk;
}

void run(RunOptions options) {
   apply_defaults(options);
   std::optional<reports::Format> stdout_format = reports::format_from_name(options.format);
   if (!stdout_format) {
      fail(kExitBadInput, "--format " + options.format +
                             ": expected console, json, csv, md, html, gbench or bencher");
   }
   for (const auto &output : options.outputs) {
      if (!reports::format_from_path(output)) {
         fail(kExitBadInput, "--output " + output +
                                ": unknown extension (expected .json, .gbench.json, .bmf.json, "
                                ".csv, .md or .html)");
      }
   }
   std::optional<run::ShardSelection> shard;
   if (!options.shard.empty() && !(shard = parse_shard(options.shard))) {
      fail(kExitBadInput, "--shard " + options.shard + ": expected K/N with 1 <= K <= N");
   }
   if (options.plugins.empty()) {
      fail(kExitBadInput, "no plugin given and no built-in plugin found (set MEMFRAG_PLUGIN_PATH)");
   }
   run::Preparation preparation;
   try {
      preparation = run::prepare(options.plugins, options.workloads, options.settings);
   } catch (const run::InputError &error) {
      fail(kExitBadInput, error.what());
   }
   run::SessionOptions session{options.seeds, options.repeat, !options.no_check,
                               std::chrono::seconds(options.timeout_seconds),
                               !options.quiet, options.command, shard};
   platform::install_interrupt_handlers();
   results::Document document =
      run::run_session(preparation, session,
                       run::select_shard(run::expand_matrix(preparation, session), session));
   for (const auto &output : options.outputs) {
      try {
         write_output(document, output);
      } catch (const std::exception &error) {
         fail(kExitBadInput, "cannot write " + output + ": " + error.what());
      }
   }
   if (!options.quiet || *stdout_format != reports::Format::console) {
      std::cout << reports::render(document, *stdout_format) << std::flush;
   }
   for (const auto &result : document.runs) {
      if (result.status != results::RunStatus::ok) {
         std::fprintf(stderr, "memfrag: %s x %s seed %llu #%u: %s: %s\n", result.plugin.c_str(),
                      result.workload.c_str(), static_cast<unsigned long long>(result.seed),
                      result.repetition, results::run_status_name(result.status),
                      result.message.c_str());
      }
   }
   if (!document.complete) {
      std::fprintf(stderr, "memfrag: interrupted: %zu runs completed and written\n",
                   document.runs.size());
   }
   throw CommandExit{exit_code_of(document)};
}

} // namespace

void add_run_command(CLI::App &app, const std::vector<std::string> &invocation) {
   auto options = std::make_shared<RunOptions>();
   CLI::App *command = app.add_subcommand(
      "run", "Run plugins on workloads and compare them (each run in its own process)");
   command->add_option("-p,--plugin", options->plugins,
                       "Plugin: a built-in name (see 'memfrag list'), a library path, or "
                       "LIB:ALLOCATOR for one allocator of a library. Repeatable. Default: every "
                       "built-in plugin");
   command->add_option("-w,--workload", options->workloads,
                       "Workload: a built-in name, a TOML file, or trace:FILE. Repeatable. "
                       "Default: every built-in workload");
   command->add_option("-s,--seed", options->seeds,
                       "Seed of the request stream; repeatable for a seed sweep. Default: 1");
   command->add_option("-r,--repeat", options->repeat,
                       "Repetitions of each run with the same seed (timing statistics)")
      ->check(CLI::Range(1u, 1000u));
   command->add_option("--set", options->settings,
                       "Override a setting: workload.KEY=VALUE, phase.N.KEY=VALUE, or "
                       "ALLOCATOR.PARAM=VALUE. Repeatable");
   command->add_option("-o,--output", options->outputs,
                       "Write the results to FILE; the format follows the extension "
                       "(.json, .gbench.json, .bmf.json, .csv, .md, .html). Repeatable. Written atomically, also after an "
                       "interrupt (marked incomplete)");
   command->add_option("-f,--format", options->format,
                       "Format printed on stdout: console, json, csv, md, html, gbench, bencher")
      ->capture_default_str();
   command->add_flag("--no-check", options->no_check,
                     "Turn off the contract checker and the plugins' validate() calls");
   command->add_option("--timeout", options->timeout_seconds,
                       "Time limit of each run in seconds; a run over it is killed and reported")
      ->capture_default_str()
      ->check(CLI::Range(1u, 86400u));
   command->add_option("--shard", options->shard,
                       "Run only part K of N of the run matrix (cells dealt round-robin), e.g. "
                       "3/8 on the third of eight machines; 'memfrag merge' combines the parts");
   command->add_flag("-q,--quiet", options->quiet,
                     "No progress line and no console table (other --format output still "
                     "printed)");
   command->callback([options, invocation] {
      RunOptions copy = *options;
      copy.command = invocation;
      run(std::move(copy));
   });
}

} // namespace memfrag::cli
