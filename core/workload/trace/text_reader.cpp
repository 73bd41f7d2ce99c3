#include "core/workload/trace/text_reader.hpp"

namespace memfrag::workload::trace {

namespace {
constexpr std::size_t kShownLineLength = 160;
} // namespace

MigratetypeNumbering select_numbering(const ReadOptions &options, std::string *reason) {
   auto explain = [&](std::string why) {
      if (reason != nullptr)
         *reason = std::move(why);
   };
   if (options.numbering) {
      explain("option");
      return *options.numbering;
   }
   if (const auto by_kernel = numbering_for_kernel(options.kernel)) {
      explain("kernel " + options.kernel);
      return *by_kernel;
   }
   explain("default");
   return kDefaultNumbering;
}

std::string text_source_name(const ReadCounts &counts) {
   if (counts.ftrace_lines > 0 && counts.perf_script_lines > 0)
      return "mixed";
   if (counts.perf_script_lines > 0)
      return "perf-script";
   return counts.ftrace_lines > 0 ? "ftrace" : "empty";
}

TextTraceReader::TextTraceReader(const std::string &path, const ReadOptions &options)
    : path_(path), lines_(open_byte_source(path)), strict_(options.strict),
      numbering_(select_numbering(options)) {
}

bool TextTraceReader::next(TraceEvent &event) {
   std::string_view line;
   while (lines_.next(line)) {
      ++counts_.lines;
      const ParsedLine parsed = parse_trace_line(line, numbering_);
      switch (parsed.kind) {
      case LineKind::event:
         ++counts_.events;
         ++(parsed.format == LineFormat::perf_script ? counts_.perf_script_lines
                                                     : counts_.ftrace_lines);
         note_task(parsed);
         event = parsed.event;
         return true;
      case LineKind::other_event:
         ++counts_.other_events;
         break;
      case LineKind::lost_events:
         counts_.lost_events += parsed.lost;
         break;
      case LineKind::malformed:
         note_malformed(line, parsed.problem);
         break;
      case LineKind::comment:
         break;
      }
   }
   return false;
}

void TextTraceReader::note_malformed(std::string_view line, const char *problem) {
   ++counts_.malformed;
   const std::string shown(line.substr(0, kShownLineLength));
   if (strict_)
      throw TraceReadError(path_ + ":" + std::to_string(lines_.line_number()) + ": " + problem +
                           ": " + shown);
   if (counts_.first_malformed.size() < kMalformedShown)
      counts_.first_malformed.push_back({lines_.line_number(), problem, shown});
}

// Only when the pid changes: consecutive events mostly come from the same task.
void TextTraceReader::note_task(const ParsedLine &parsed) {
   if (parsed.event.pid == last_pid_)
      return;
   last_pid_ = parsed.event.pid;
   auto [entry, inserted] = tasks_.try_emplace(parsed.event.pid);
   if (inserted || entry->second != parsed.task)
      entry->second.assign(parsed.task);
}

} // namespace memfrag::workload::trace
