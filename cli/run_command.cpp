// memfrag run: the run matrix, a comparison on stdout, the results document on disk.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>

#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"
#include "cli/placement_options.hpp"
#include "core/platform/backing.hpp"
#include "core/platform/cpu_list.hpp"
#include "core/platform/files.hpp"
#include "core/platform/hugepage_reservation.hpp"
#include "core/platform/interrupt.hpp"
#include "core/platform/machine_probe.hpp"
#include "core/platform/pagemap.hpp"
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
   std::string backing = "4k";
   bool prefault = false;
   bool lock = false;
   std::vector<std::string> hugepage_asks;
   PlacementFlags placement;
   bool contiguity = false;
   std::vector<std::string> command;
};

using Reservations = std::vector<std::unique_ptr<platform::HugepageReservation>>;

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
      throw std::invalid_argument(std::string("unknown file extension (expected ") +
                                  reports::kFileEndingsText + ")");
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

std::vector<platform::HugepageAsk> parse_hugepage_asks(const RunOptions &options) {
   std::vector<platform::HugepageAsk> asks;
   for (const auto &text : options.hugepage_asks) {
      auto ask = platform::parse_hugepage_ask(text);
      if (!ask) {
         fail(kExitBadInput, "--reserve-hugepages " + text + ": expected N[:2m|1g][@node]");
      }
      asks.push_back(*ask);
   }
   return asks;
}

// Reserves the huge pages before any run; each pool is restored when `reservations` goes,
// whichever way the command ends.
nlohmann::json reserve(const std::vector<platform::HugepageAsk> &asks,
                       Reservations &reservations) {
   nlohmann::json record = nullptr;
   for (const auto &ask : asks) {
      try {
         reservations.push_back(std::make_unique<platform::HugepageReservation>(ask));
      } catch (const std::exception &error) {
         fail(kExitBadInput, std::string("--reserve-hugepages: ") + error.what());
      }
      record.push_back({{"pages", ask.pages},
                        {"page_bytes", ask.page_bytes},
                        {"node", ask.node ? nlohmann::json(*ask.node) : nlohmann::json()},
                        {"pool_before", reservations.back()->previous_pool()},
                        {"pool_during", reservations.back()->pool()}});
   }
   return record;
}

std::uint64_t largest_region(const run::Preparation &preparation) {
   std::uint64_t frames = 0;
   for (const auto &workload : preparation.workloads) {
      frames = std::max<std::uint64_t>(frames, workload.loaded.spec.frames);
   }
   return frames;
}

// The backing of every region: an explicit choice the machine cannot meet is an error before
// any run; auto takes the best available and says when that is not a huge page. Huge pages must
// be free on the memory node when there is one.
platform::BackingKind resolve_backing(const std::string &asked, std::uint64_t frames,
                                      std::optional<unsigned> node,
                                      std::vector<std::string> &warnings) {
   if (asked != "auto") {
      const platform::BackingKind kind = *platform::backing_from_name(asked);
      if (auto reason = platform::backing_unavailable(kind, frames, node)) {
         fail(kExitBadInput, "--backing " + asked + ": " + *reason);
      }
      return kind;
   }
   const platform::BackingKind kind = platform::best_backing(frames, node);
   if (kind == platform::BackingKind::thp || kind == platform::BackingKind::base_4k) {
      warnings.push_back("--backing auto: no hugetlb backing (" +
                         *platform::backing_unavailable(platform::BackingKind::hugetlb_2m,
                                                        frames, node) +
                         "); using " + platform::backing_name(kind));
   }
   return kind;
}

// Worker CPUs and the memory node, checked against the machine before any run.
run::Placement placement_of(const PlacementFlags &flags, std::vector<std::string> &warnings) {
   if (!flags.any_given()) {
      return run::default_placement(warnings);
   }
   try {
      return resolve_placement(flags, platform::Topology::machine());
   } catch (const platform::PlacementError &error) {
      fail(kExitBadInput, error.what());
   } catch (const std::exception &error) {
      fail(kExitBadInput, std::string("cannot place the runs: ") + error.what());
   }
}

// The contiguity check reads the region's physical frame numbers, which exist only for frames
// in memory and stay only while locked: it prefaults and locks every region. Where the numbers
// are hidden, the runs record why and nothing is prefaulted for nothing.
void apply_contiguity(bool asked, run::SessionOptions &session) {
   session.contiguity = asked;
   if (!asked) {
      return;
   }
   if (!platform::pagemap_gives_frames()) {
      session.warnings.push_back("--contiguity: physical frame numbers are hidden from this "
                                 "process (pagemap shows them only to root); the check is not "
                                 "done and each run says so");
      return;
   }
   session.backing.prefault = true;
   session.backing.lock = true;
}

// What differed from the placement asked, and frames the kernel moved under the contiguity
// check, per run; also recorded in the run's results.
void show_run_warnings(const results::Document &document) {
   for (const auto &result : document.runs) {
      std::vector<std::string> warnings;
      if (result.placement) {
         warnings = result.placement->warnings;
      }
      if (result.contiguity && result.contiguity->frames_moved != 0) {
         warnings.push_back("the kernel moved " + std::to_string(result.contiguity->frames_moved) +
                            " region frames during the run: the contiguity check used their "
                            "frame numbers from the start");
      }
      for (const auto &warning : warnings) {
         std::fprintf(stderr, "memfrag: warning: %s x %s seed %llu #%u: %s\n",
                      result.plugin.c_str(), result.workload.c_str(),
                      static_cast<unsigned long long>(result.seed), result.repetition,
                      warning.c_str());
      }
   }
}

void show_warnings(const std::vector<std::string> &warnings) {
   for (const auto &warning : warnings) {
      std::fprintf(stderr, "memfrag: warning: %s\n", warning.c_str());
   }
}

// Creates the directory an output goes to before any run, so that a path that cannot be written
// is reported at once rather than after every run has finished.
void prepare_directory_of(const std::string &output) {
   std::filesystem::path directory = std::filesystem::path(output).parent_path();
   std::error_code error;
   if (!directory.empty() && !std::filesystem::create_directories(directory, error) && error) {
      fail(kExitBadInput, "--output " + output + ": cannot create " + directory.string() + ": " +
                             error.message());
   }
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
      fail(kExitBadInput, "--format " + options.format + ": expected " + reports::kFormatNamesText);
   }
   for (const auto &output : options.outputs) {
      if (!reports::format_from_path(output)) {
         fail(kExitBadInput, "--output " + output + ": unknown extension (expected " +
                                reports::kFileEndingsText + ")");
      }
      prepare_directory_of(output);
   }
   std::optional<run::ShardSelection> shard;
   if (!options.shard.empty() && !(shard = parse_shard(options.shard))) {
      fail(kExitBadInput, "--shard " + options.shard + ": expected K/N with 1 <= K <= N");
   }
   if (options.plugins.empty()) {
      fail(kExitBadInput, "no plugin given and no built-in plugin found (set MEMFRAG_PLUGIN_PATH)");
   }
   const std::vector<platform::HugepageAsk> hugepage_asks = parse_hugepage_asks(options);
   run::Preparation preparation;
   try {
      preparation = run::prepare(options.plugins, options.workloads, options.settings);
   } catch (const run::InputError &error) {
      fail(kExitBadInput, error.what());
   }
   if (options.placement.threads > 1) {
      for (const auto &workload : preparation.workloads) {
         if (!workload::splits_into_lanes(workload.loaded)) {
            fail(kExitBadInput, "--threads " + std::to_string(options.placement.threads) +
                                    ": workload '" +
                                    workload.record.key +
                                    "' runs on one worker thread (a NIC drives one device's "
                                    "rings); run it with --threads 1");
         }
      }
   }
   run::SessionOptions session;
   session.placement = placement_of(options.placement, session.warnings);
   session.seeds = options.seeds;
   session.repeat = options.repeat;
   session.check = !options.no_check;
   session.time_limit = std::chrono::seconds(options.timeout_seconds);
   session.show_progress = !options.quiet;
   session.command = options.command;
   session.shard = shard;
   platform::install_interrupt_handlers();
   Reservations reservations;
   session.hugepage_reservation = reserve(hugepage_asks, reservations);
   session.backing = {resolve_backing(options.backing, largest_region(preparation),
                                      session.placement.mem_node, session.warnings),
                      options.prefault, options.lock};
   session.backing_asked = options.backing;
   apply_contiguity(options.contiguity, session);
   const auto noisy = platform::noisy_setup_warnings(platform::machine_fingerprint(),
                                                     session.backing.kind);
   if (!noisy.empty()) {
      std::string line = "noisy setup (see memfrag doctor):";
      for (const auto &warning : noisy) {
         line += " " + warning + ";";
      }
      line.pop_back();
      session.warnings.push_back(line);
   }
   show_warnings(session.warnings);
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
   show_run_warnings(document);
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
   command->add_option("--backing", options->backing,
                       "Backing page of each region: 4k, thp (transparent huge pages), "
                       "hugetlb-2m, hugetlb-1g, or auto (the best available, with a warning "
                       "when it falls back)")
      ->capture_default_str()
      ->check(CLI::IsMember({"4k", "thp", "hugetlb-2m", "hugetlb-1g", "auto"}));
   command->add_flag("--prefault", options->prefault,
                     "Fault every backing page in before the run (no first-touch costs inside)");
   command->add_flag("--lock", options->lock, "Lock each region in memory (mlock)");
   command->add_option("--reserve-hugepages", options->hugepage_asks,
                       "Reserve N free huge pages (default 2m) before the runs, on one NUMA "
                       "node with @node, and restore the pool afterwards (root). Repeatable")
      ->type_name("N[:2m|1g][@node]");
   add_placement_options(*command, options->placement);
   command->add_flag("--contiguity", options->contiguity,
                     "Check that every block handed out is physically contiguous and report the "
                     "share per order (reads physical frame numbers: root). Faults in and locks "
                     "each region first, as --prefault --lock, so runs then measure no "
                     "first-touch cost");
   command->callback([options, invocation] {
      RunOptions copy = *options;
      copy.command = invocation;
      run(std::move(copy));
   });
}

} // namespace memfrag::cli
