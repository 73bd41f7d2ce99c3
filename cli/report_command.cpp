// memfrag report: render results documents as HTML, Markdown, CSV, Google Benchmark JSON,
// Bencher Metric Format or a console table. Several inputs show side by side.
#include "cli/commands.hpp"
#include "cli/document_files.hpp"
#include "cli/exit_codes.hpp"
#include "core/results/combine.hpp"

#include <filesystem>
#include <iostream>
#include <memory>

namespace memfrag::cli {
namespace {

struct ReportOptions {
   std::vector<std::string> inputs;
   std::vector<std::string> outputs;
   std::string format;
};

// An input's label when its keys clash with another's: the file name without extensions.
std::string label_of(const std::string &path) {
   const std::string name = std::filesystem::path(path).filename().string();
   return name.substr(0, name.find('.'));
}

void report(const ReportOptions &options) {
   std::optional<reports::Format> stdout_format;
   if (!options.format.empty() && !(stdout_format = reports::format_from_name(options.format)))
      fail_with(kExitBadInput, "--format " + options.format +
                                   ": expected console, json, csv, md, html, gbench or bencher");
   for (const std::string &output : options.outputs)
      output_format(output);
   std::vector<results::Document> documents;
   std::vector<std::string> labels;
   for (const std::string &input : options.inputs) {
      documents.push_back(read_document(input));
      labels.push_back(label_of(input));
   }
   const results::Document combined = results::combine_documents(documents, labels);
   for (const std::string &output : options.outputs)
      write_text(output, reports::render(combined, output_format(output)));
   if (stdout_format || options.outputs.empty())
      std::cout << reports::render(combined, stdout_format.value_or(reports::Format::console))
                << std::flush;
}

} // namespace

void add_report_command(CLI::App &app) {
   auto options = std::make_shared<ReportOptions>();
   CLI::App *command = app.add_subcommand(
       "report", "Render results documents: HTML with charts, Markdown, CSV, Google Benchmark "
                 "JSON, Bencher Metric Format, console");
   command->add_option("inputs", options->inputs, "Results JSON files (memfrag run -o)")
       ->required()
       ->check(CLI::ExistingFile);
   command->add_option("-o,--output", options->outputs,
                       "Write to FILE; the format follows the name: .html, .md, .csv, "
                       ".gbench.json, .bmf.json, .json, .txt. Repeatable");
   command->add_option("-f,--format", options->format,
                       "Also print this format on stdout: console, json, csv, md, html, gbench, "
                       "bencher (default: console when no --output is given)");
   command->callback([options] { report(*options); });
}

} // namespace memfrag::cli
