// Streams the page allocator events of an ftrace or perf script text trace (plain or compressed,
// "-" for stdin), counting what it skips and keeping the first malformed lines for the report.
#pragma once

#include "core/workload/trace/line_parser.hpp"
#include "core/workload/trace/line_reader.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace memfrag::workload::trace {

struct ReadOptions {
   bool strict = false; // a malformed line is an error rather than a counted skip
   std::optional<MigratetypeNumbering> numbering; // default: from the kernel version, else current
   std::string kernel; // release of the traced kernel when known ("6.18.44")
};

// The numbering `options` select, and why ("option", "kernel 3.10.0", "default").
MigratetypeNumbering select_numbering(const ReadOptions &options, std::string *reason = nullptr);

struct MalformedLine {
   std::uint64_t line = 0;
   std::string problem;
   std::string text; // the line, cut to a readable length
};

inline constexpr std::size_t kMalformedShown = 5;

// What reading a trace skipped or met besides events.
struct ReadCounts {
   std::uint64_t lines = 0;
   std::uint64_t events = 0;
   std::uint64_t other_events = 0;
   std::uint64_t lost_events = 0; // reported lost by the kernel's ring buffer
   std::uint64_t malformed = 0;
   std::vector<MalformedLine> first_malformed; // at most kMalformedShown
   std::uint64_t ftrace_lines = 0;
   std::uint64_t perf_script_lines = 0;
};

// "ftrace", "perf-script", "mixed" or "empty" after the counts of each line format.
std::string text_source_name(const ReadCounts &counts);

class TextTraceReader {
 public:
   // Throws TraceReadError when the file cannot be opened.
   TextTraceReader(const std::string &path, const ReadOptions &options);

   // The next event; false at the end. Throws TraceReadError on a malformed line when strict.
   bool next(TraceEvent &event);

   const ReadCounts &counts() const { return counts_; }
   // Command name of each pid met.
   const std::map<std::uint32_t, std::string> &tasks() const { return tasks_; }
   MigratetypeNumbering numbering() const { return numbering_; }
   Compression compression() const { return lines_.source().compression(); }

 private:
   void note_malformed(std::string_view line, const char *problem);
   void note_task(const ParsedLine &parsed);

   std::string path_;
   LineReader lines_;
   bool strict_;
   MigratetypeNumbering numbering_;
   ReadCounts counts_;
   std::map<std::uint32_t, std::string> tasks_;
   std::uint32_t last_pid_ = UINT32_MAX;
};

} // namespace memfrag::workload::trace
