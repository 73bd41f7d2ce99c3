// memfrag history add | list | show | trend: results documents kept in an SQLite file, and a
// metric's trend with change points flagged against recent history.
#include "cli/commands.hpp"
#include "cli/document_files.hpp"
#include "cli/exit_codes.hpp"
#include "core/support/suggest.hpp"
#include "history/change_points.hpp"
#include "history/store.hpp"

#include <cmath>
#include <cstdio>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

namespace memfrag::cli {
namespace {

struct HistoryOptions {
   std::string database = "memfrag.db";
   std::vector<std::string> inputs;
   std::string label;
   std::int64_t id = 0;
   std::string format = "console";
   std::string plugin, workload, metric;
   history::ChangePointSettings change_points;
   bool check = false;
};

// Opens the store; a file that is not an SQLite database ends the command with exit code 2.
template <typename Work> void with_store(const HistoryOptions &options, Work work) {
   try {
      history::Store store(options.database);
      work(store);
   } catch (const history::StoreError &error) {
      fail_with(kExitBadInput, options.database + ": " + error.what());
   }
}

void add(const HistoryOptions &options) {
   std::vector<results::Document> documents;
   for (const std::string &input : options.inputs)
      documents.push_back(read_document(input));
   with_store(options, [&](history::Store &store) {
      for (std::size_t i = 0; i < documents.size(); ++i)
         std::cout << "added " << options.inputs[i] << " as "
                   << store.add(documents[i], options.inputs[i], options.label) << "\n";
   });
}

void list(const HistoryOptions &options) {
   with_store(options, [&](history::Store &store) {
      std::printf("%6s  %-20s  %5s  %-10s  %s\n", "id", "created", "runs", "label", "source");
      for (const history::StoredDocument &document : store.list())
         std::printf("%6lld  %-20s  %5zu  %-10s  %s\n", static_cast<long long>(document.id),
                     document.created.c_str(), document.runs, document.label.c_str(),
                     document.source.c_str());
   });
}

void show(const HistoryOptions &options) {
   const std::optional<reports::Format> format = reports::format_from_name(options.format);
   if (!format)
      fail_with(kExitBadInput, "--format " + options.format + ": unknown format");
   with_store(options, [&](history::Store &store) {
      const std::optional<results::Document> document = store.load(options.id);
      if (!document)
         fail_with(kExitBadInput,
                   "no document " + std::to_string(options.id) + " in " + options.database);
      std::cout << reports::render(*document, *format) << std::flush;
   });
}

std::string z_text(const std::optional<double> &z) {
   if (!z)
      return "";
   char text[32];
   std::snprintf(text, sizeof text, std::isinf(*z) ? "%.0f" : "%+.2f", *z);
   return text;
}

// Prints the series; returns whether its newest value is a regression.
bool print_series(const history::TrendSeries &series, const HistoryOptions &options) {
   std::vector<double> values;
   for (const history::TrendPoint &point : series.points)
      values.push_back(point.value);
   const auto judgements =
       history::judge_changes(values, series.better == "higher", options.change_points);
   std::printf("%s x %s seed %llu: %s (%s is better)\n", options.plugin.c_str(),
               series.workload.c_str(), static_cast<unsigned long long>(series.seed),
               options.metric.c_str(), series.better.c_str());
   for (std::size_t i = 0; i < values.size(); ++i)
      std::printf("  %6lld  %-20s  %-10s  %14.6g  %8s  %s\n",
                  static_cast<long long>(series.points[i].document_id),
                  series.points[i].created.c_str(), series.points[i].label.c_str(), values[i],
                  z_text(judgements[i].z).c_str(), history::change_name(judgements[i].change));
   return !judgements.empty() && judgements.back().change == history::Change::regression;
}

void trend(const HistoryOptions &options) {
   bool newest_regressed = false;
   with_store(options, [&](history::Store &store) {
      const auto all = store.trend(options.plugin, options.workload, options.metric);
      if (all.empty())
         fail_with(kExitBadInput,
                   "no values of " + options.metric + " for plugin " + options.plugin + " in " +
                       options.database +
                       support::did_you_mean(options.metric, store.metric_keys(options.plugin)));
      for (const history::TrendSeries &series : all)
         newest_regressed = print_series(series, options) || newest_regressed;
   });
   if (options.check && newest_regressed)
      throw CommandExit{kExitRegression};
}

void add_database_option(CLI::App &command, HistoryOptions &options) {
   command.add_option("--db", options.database, "SQLite file of the history (created if missing)")
       ->capture_default_str();
}

void add_trend_options(CLI::App &command, HistoryOptions &options) {
   command.add_option("--plugin", options.plugin, "Plugin key")->required();
   command
       .add_option("--metric", options.metric,
                   "Metric: a headline metric name, per-order ones with _order_<o> "
                   "(unusable_index_order_3)")
       ->required();
   command.add_option("--workload", options.workload, "Only this workload (default: every one)");
   command
       .add_option("--lookback", options.change_points.lookback,
                   "Values before each one that form its reference")
       ->capture_default_str();
   command
       .add_option("--min-history", options.change_points.min_history,
                   "Values needed before a change can be flagged")
       ->capture_default_str();
   command
       .add_option("--z-threshold", options.change_points.z_threshold,
                   "Flag a value whose z-score against the lookback exceeds this")
       ->capture_default_str();
   command.add_flag("--check", options.check, "Exit with 1 when the newest value is a regression");
}

} // namespace

void add_history_command(CLI::App &app) {
   auto options = std::make_shared<HistoryOptions>();
   CLI::App *history_command =
       app.add_subcommand("history", "Keep results in an SQLite file and follow metrics over time");
   history_command->require_subcommand(1);
   CLI::App *add_command = history_command->add_subcommand("add", "Store results documents");
   add_command->add_option("inputs", options->inputs, "Results JSON files")
       ->required()
       ->check(CLI::ExistingFile);
   add_command->add_option("--label", options->label, "Free text kept with them: a commit, a tag");
   add_database_option(*add_command, *options);
   add_command->callback([options] { add(*options); });
   CLI::App *list_command = history_command->add_subcommand("list", "List stored documents");
   add_database_option(*list_command, *options);
   list_command->callback([options] { list(*options); });
   CLI::App *show_command = history_command->add_subcommand("show", "Render a stored document");
   show_command->add_option("id", options->id, "Document id (history list)")->required();
   show_command
       ->add_option("-f,--format", options->format, "console, json, csv, md, html, gbench, bencher")
       ->capture_default_str();
   add_database_option(*show_command, *options);
   show_command->callback([options] { show(*options); });
   CLI::App *trend_command = history_command->add_subcommand(
       "trend", "A metric over the stored documents, with change points flagged");
   add_trend_options(*trend_command, *options);
   add_database_option(*trend_command, *options);
   trend_command->callback([options] { trend(*options); });
}

} // namespace memfrag::cli
