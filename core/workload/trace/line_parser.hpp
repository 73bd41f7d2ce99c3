// One line of ftrace text (the `trace` and `trace_pipe` files) or of `perf script` output, read
// into a TraceEvent. The format is recognised per line: perf script names the event with its
// subsystem ("kmem:mm_page_alloc:"), ftrace does not.
#pragma once

#include "core/workload/trace/migratetype.hpp"
#include "core/workload/trace/trace_event.hpp"

#include <cstdint>
#include <string_view>

namespace memfrag::workload::trace {

enum class LineKind : std::uint8_t {
   comment,     // empty, '#' header or buffer banner: not counted
   other_event, // a well-formed line of an event replay does not use
   lost_events, // trace_pipe's "CPU:N [LOST M EVENTS]"
   event,       // one of the page allocator events, in `event`
   malformed,   // neither: `problem` says why
};

enum class LineFormat : std::uint8_t { unknown, ftrace, perf_script };
const char *line_format_name(LineFormat format);

struct ParsedLine {
   LineKind kind = LineKind::comment;
   LineFormat format = LineFormat::unknown;
   TraceEvent event;
   std::string_view task;    // command name, a view into the line
   std::uint64_t lost = 0;   // lost_events only
   const char *problem = ""; // malformed only: a static message
};

ParsedLine parse_trace_line(std::string_view line, MigratetypeNumbering numbering);

} // namespace memfrag::workload::trace
