// memfrag trace info | convert | record: inspect, convert and capture kernel page-allocator
// traces (docs/trace-format.md). Definitions here, work in core/workload/trace.
#include "cli/commands.hpp"
#include "core/workload/trace/kpageflags.hpp"
#include "core/workload/trace/recorder.hpp"
#include "core/workload/trace/trace_info.hpp"
#include "core/workload/trace/trace_input.hpp"

#include <iostream>
#include <memory>

namespace memfrag::cli {

namespace {

namespace trace = workload::trace;

struct ReadArguments {
   std::string path;
   bool strict = false;
   std::string migratetypes;
   std::string kernel;
};

struct InfoArguments {
   ReadArguments read;
   bool json = false;
};

struct ConvertArguments {
   ReadArguments read;
   std::string output;
   std::string buddyinfo;
};

struct RecordArguments {
   std::string output;
   std::string duration;
   std::uint32_t buffer_kb = 32768;
   std::vector<std::string> command;
};

[[noreturn]] void fail(const std::string &message) {
   std::cerr << "memfrag trace: " << message << '\n';
   throw CLI::RuntimeError(1);
}

void add_read_options(CLI::App &command, ReadArguments &read) {
   command
       .add_option("file", read.path,
                   "trace: ftrace or perf script text (plain, zstd, gzip, xz), "
                   ".mft, or - for stdin")
       ->required();
   command.add_flag("--strict", read.strict, "treat a malformed line as an error");
   command
       .add_option("--migratetypes", read.migratetypes,
                   "numbering of migratetype= values: current (4.4 and later) or pre-4.4")
       ->check(CLI::IsMember({"current", "pre-4.4"}));
   command.add_option("--kernel", read.kernel,
                      "release of the traced kernel (chooses the numbering when not given)");
}

trace::ReadOptions read_options(const ReadArguments &read) {
   trace::ReadOptions options;
   options.strict = read.strict;
   options.numbering = trace::numbering_from_name(read.migratetypes);
   options.kernel = read.kernel;
   return options;
}

void report_skips(const trace::ReadCounts &counts) {
   if (counts.malformed == 0)
      return;
   std::cerr << "memfrag trace: " << counts.malformed << " malformed lines skipped (--strict "
             << "makes them errors)\n";
   for (const trace::MalformedLine &line : counts.first_malformed)
      std::cerr << "  line " << line.line << ": " << line.problem << ": " << line.text << '\n';
}

void run_info(const InfoArguments &arguments) {
   try {
      const trace::TraceSummary summary =
          trace::summarize_trace(arguments.read.path, read_options(arguments.read));
      if (arguments.json)
         std::cout << trace::summary_json(summary).dump(2) << '\n';
      else
         std::cout << trace::summary_text(summary);
   } catch (const trace::TraceReadError &error) {
      fail(error.what());
   }
}

void run_convert(const ConvertArguments &arguments) {
   try {
      trace::TraceInput input(arguments.read.path, read_options(arguments.read));
      trace::MftWriter writer(arguments.output);
      trace::TraceEvent event;
      while (input.next(event))
         writer.append(event);
      trace::TraceMetadata metadata = input.metadata();
      if (!arguments.buddyinfo.empty())
         metadata.buddyinfo_start = trace::read_text_file(arguments.buddyinfo);
      writer.finish(metadata);
      report_skips(input.counts());
      std::cerr << "memfrag trace: wrote " << writer.event_count() << " events to "
                << arguments.output << '\n';
   } catch (const trace::TraceReadError &error) {
      fail(error.what());
   }
}

void print_check(const char *when, const std::optional<trace::BuddyinfoComparison> &check) {
   if (check)
      std::cerr << "free-frame snapshot at " << when << " vs /proc/buddyinfo:\n"
                << trace::comparison_text(*check);
}

void run_record(const RecordArguments &arguments) {
   trace::RecordOptions options;
   options.output = arguments.output;
   options.buffer_kb = arguments.buffer_kb;
   options.command = arguments.command;
   if (!arguments.duration.empty()) {
      options.duration = trace::parse_duration(arguments.duration);
      if (!options.duration)
         fail("--duration " + arguments.duration + ": expected a time such as 30s, 500ms or 2m");
   }
   try {
      const trace::RecordResult result = trace::record_trace(options, std::cerr);
      std::cerr << "memfrag trace: recorded " << result.events << " events to " << options.output
                << (result.interrupted ? " (interrupted)" : "") << "; " << result.lost_events
                << " lost by the kernel's buffer, " << result.malformed_lines << " malformed\n";
      print_check("start", result.start_check);
      print_check("end", result.end_check);
      if (result.command_status && *result.command_status != 0)
         std::cerr << "memfrag trace: the command exited with status " << *result.command_status
                   << '\n';
   } catch (const trace::RecordError &error) {
      fail(error.what());
   } catch (const trace::TraceReadError &error) {
      fail(error.what());
   }
}

void add_info(CLI::App &parent) {
   auto arguments = std::make_shared<InfoArguments>();
   CLI::App *info =
       parent.add_subcommand("info", "events, orders, request classes, tasks and span of a trace");
   add_read_options(*info, arguments->read);
   info->add_flag("--json", arguments->json, "print JSON on stdout");
   info->callback([arguments] { run_info(*arguments); });
}

void add_convert(CLI::App &parent) {
   auto arguments = std::make_shared<ConvertArguments>();
   CLI::App *convert =
       parent.add_subcommand("convert", "convert a text trace to the compact binary .mft format");
   add_read_options(*convert, arguments->read);
   convert->add_option("-o,--output", arguments->output, "the .mft file to write")->required();
   convert
       ->add_option("--buddyinfo", arguments->buddyinfo,
                    "/proc/buddyinfo saved at the start of the capture, kept in the .mft")
       ->check(CLI::ExistingFile);
   convert->callback([arguments] { run_convert(*arguments); });
}

void add_record(CLI::App &parent) {
   auto arguments = std::make_shared<RecordArguments>();
   CLI::App *record = parent.add_subcommand(
       "record", "capture the kernel's page allocations (root): -- COMMAND... or --duration");
   record->add_option("-o,--output", arguments->output, "the .mft file to write")->required();
   record->add_option("--duration", arguments->duration, "how long to record: 30s, 500ms, 2m");
   record->add_option("--buffer-kb", arguments->buffer_kb, "ring buffer per CPU in KiB")
       ->check(CLI::Range(64u, 4u << 20));
   record->add_option("command", arguments->command, "command to run while recording (after --)");
   record->callback([arguments] { run_record(*arguments); });
}

} // namespace

void add_trace_command(CLI::App &app) {
   CLI::App *trace_command =
       app.add_subcommand("trace", "inspect, convert and record kernel page-allocation traces");
   trace_command->require_subcommand(1);
   add_info(*trace_command);
   add_convert(*trace_command);
   add_record(*trace_command);
}

} // namespace memfrag::cli
