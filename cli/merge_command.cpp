// memfrag merge: the parts of a sharded run matrix (memfrag run --shard K/N) into one document.
#include "cli/commands.hpp"
#include "cli/document_files.hpp"
#include "cli/exit_codes.hpp"
#include "core/results/merge.hpp"

#include <cstdio>
#include <memory>

namespace memfrag::cli {
namespace {

struct MergeOptions {
   std::vector<std::string> inputs;
   std::vector<std::string> outputs;
};

void merge(const MergeOptions &options) {
   for (const std::string &output : options.outputs)
      output_format(output);
   std::vector<results::Document> parts;
   for (const std::string &input : options.inputs)
      parts.push_back(read_document(input));
   results::MergedDocument merged;
   try {
      merged = results::merge_shards(parts, options.inputs);
   } catch (const results::MergeError &error) {
      fail_with(kExitBadInput, std::string("cannot merge: ") + error.what());
   }
   for (const std::string &warning : merged.warnings)
      std::fprintf(stderr, "memfrag: warning: %s\n", warning.c_str());
   for (const std::string &output : options.outputs)
      write_text(output, reports::render(merged.document, output_format(output)));
}

} // namespace

void add_merge_command(CLI::App &app) {
   auto options = std::make_shared<MergeOptions>();
   CLI::App *command = app.add_subcommand(
       "merge", "Combine the parts of a sharded run (memfrag run --shard K/N) into one "
                "document; checks that the parts belong together and cover the matrix");
   command->add_option("parts", options->inputs, "Results JSON of every part")
       ->required()
       ->check(CLI::ExistingFile);
   command
       ->add_option("-o,--output", options->outputs,
                    "Write the merged document to FILE (format by name, usually .json). "
                    "Repeatable")
       ->required();
   command->callback([options] { merge(*options); });
}

} // namespace memfrag::cli
