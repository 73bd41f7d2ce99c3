// memfrag compare: a candidate results document against a baseline, with a regression gate for
// CI. Exit codes: 0 no regression, 1 regression, 2 bad input, 3 not comparable.
#include "cli/commands.hpp"
#include "cli/document_files.hpp"
#include "cli/exit_codes.hpp"
#include "reports/compare/writers.hpp"

#include <iostream>
#include <memory>

namespace memfrag::cli {
namespace {

namespace compare = reports::compare;

struct CompareOptions {
   std::string baseline, candidate;
   std::string gate_file;
   std::vector<std::string> thresholds;
   std::optional<double> timing_threshold, alpha;
   std::optional<std::uint32_t> min_repetitions;
   bool allow_environment_mismatch = false;
   bool allow_few_repetitions = false;
   std::string format = "console";
   std::vector<std::string> outputs;
};

compare::GateSettings gate_settings(const CompareOptions &options) {
   compare::GateSettings settings;
   try {
      if (!options.gate_file.empty())
         compare::read_gate_file(options.gate_file, settings);
      for (const std::string &threshold : options.thresholds)
         compare::apply_threshold_flag(threshold, settings);
   } catch (const compare::GateError &error) {
      fail_with(kExitBadInput, error.what());
   }
   settings.timing_threshold_percent =
       options.timing_threshold.value_or(settings.timing_threshold_percent);
   settings.alpha = options.alpha.value_or(settings.alpha);
   settings.min_repetitions = options.min_repetitions.value_or(settings.min_repetitions);
   settings.allow_environment_mismatch = options.allow_environment_mismatch;
   settings.allow_few_repetitions = options.allow_few_repetitions;
   return settings;
}

int exit_code_of(const compare::Comparison &comparison) {
   if (!comparison.not_comparable.empty())
      return kExitNotComparable;
   return comparison.has_regression() ? kExitRegression : kExitOk;
}

void run_compare(const CompareOptions &options) {
   const std::optional<compare::CompareFormat> format =
       compare::compare_format_from_name(options.format);
   if (!format)
      fail_with(kExitBadInput,
                "--format " + options.format + ": expected console, md, junit or json");
   const compare::GateSettings settings = gate_settings(options);
   const results::Document baseline = read_document(options.baseline);
   const results::Document candidate = read_document(options.candidate);
   const compare::Comparison comparison = compare::compare_documents(baseline, candidate, settings);
   const std::string text = compare::render_comparison(comparison, *format);
   for (const std::string &output : options.outputs)
      write_text(output, text);
   std::cout << text << std::flush;
   throw CommandExit{exit_code_of(comparison)};
}

} // namespace

void add_compare_command(CLI::App &app) {
   auto options = std::make_shared<CompareOptions>();
   CLI::App *command = app.add_subcommand(
       "compare", "Compare a candidate's results with a baseline's; exit 0 no regression, "
                  "1 regression, 2 bad input, 3 not comparable");
   command->add_option("baseline", options->baseline, "Results JSON of the baseline")
       ->required()
       ->check(CLI::ExistingFile);
   command->add_option("candidate", options->candidate, "Results JSON of the candidate")
       ->required()
       ->check(CLI::ExistingFile);
   command
       ->add_option("--gate", options->gate_file,
                    "Gate file (TOML): thresholds per metric and statistics settings "
                    "(docs/reports.md)")
       ->check(CLI::ExistingFile);
   command->add_option("--threshold", options->thresholds,
                       "METRIC=PERCENT: how much worse METRIC may get (a name such as "
                       "alloc_p99_ns, or with its order: unusable_index_order_3). Repeatable");
   command->add_option("--timing-threshold", options->timing_threshold,
                       "Percent a timing (latency, wall time) may get worse. Default 10");
   command
       ->add_option("--alpha", options->alpha,
                    "Significance level of the one-sided Mann-Whitney U test. Default 0.01")
       ->check(CLI::Range(0.0, 1.0));
   command->add_option("--min-repetitions", options->min_repetitions,
                       "Repetitions per side needed to judge timings. Default 5");
   command->add_flag("--allow-environment-mismatch", options->allow_environment_mismatch,
                     "Compare even when the environment fingerprints differ");
   command->add_flag("--allow-few-repetitions", options->allow_few_repetitions,
                     "Compare even with too few repetitions (their timings stay inconclusive)");
   command->add_option("-f,--format", options->format, "Output: console, md, junit, json")
       ->capture_default_str();
   command->add_option("-o,--output", options->outputs,
                       "Also write the output to FILE. Repeatable");
   command->callback([options] { run_compare(*options); });
}

} // namespace memfrag::cli
