#include "core/workload/trace/line_parser.hpp"

#include "core/workload/trace/gfp_flags.hpp"
#include "memfrag/allocator.h"

#include <charconv>
#include <limits>

namespace memfrag::workload::trace {

namespace {

constexpr std::uint32_t kMaxTracedOrder = 30;
constexpr std::uint64_t kMaxPfn = 1ull << 52;

enum class EventName : std::uint8_t { alloc, free, free_batched, extfrag, other };

struct Fields {
   std::string_view page, pfn, order, migratetype, gfp_flags;
   std::string_view alloc_order, fallback_order, alloc_migratetype, fallback_migratetype;
   std::string_view fragmenting, change_ownership;
};

std::string_view trim(std::string_view text) {
   while (!text.empty() && (text.front() == ' ' || text.front() == '\t'))
      text.remove_prefix(1);
   while (!text.empty() && (text.back() == ' ' || text.back() == '\t'))
      text.remove_suffix(1);
   return text;
}

// Splits off the last space-separated token of `text`; `text` keeps what precedes it.
std::string_view take_last_token(std::string_view &text) {
   text = trim(text);
   const std::size_t space = text.find_last_of(" \t");
   const std::string_view token = space == std::string_view::npos ? text : text.substr(space + 1);
   text = space == std::string_view::npos ? std::string_view{} : text.substr(0, space);
   return token;
}

template <typename Number> bool parse_decimal(std::string_view text, Number &value) {
   const char *end = text.data() + text.size();
   auto [stop, error] = std::from_chars(text.data(), end, value);
   return error == std::errc{} && stop == end && !text.empty();
}

// "0x1aebf4" is hexadecimal, "1765364" decimal: older kernels print pfn with %lu.
bool parse_number(std::string_view text, std::uint64_t &value) {
   if (text.starts_with("0x") || text.starts_with("0X")) {
      text.remove_prefix(2);
      const char *end = text.data() + text.size();
      auto [stop, error] = std::from_chars(text.data(), end, value, 16);
      return error == std::errc{} && stop == end && !text.empty();
   }
   return parse_decimal(text, value);
}

// "1565.959168" (seconds, any number of fraction digits) to nanoseconds; a plain integer, as
// counter clocks print, is taken as it is.
bool parse_timestamp(std::string_view text, std::uint64_t &time_ns) {
   const std::size_t dot = text.find('.');
   std::uint64_t seconds = 0;
   if (!parse_decimal(text.substr(0, dot), seconds))
      return false;
   if (dot == std::string_view::npos) {
      time_ns = seconds;
      return true;
   }
   std::uint64_t fraction = 0;
   std::string_view digits = text.substr(dot + 1, 9);
   if (!parse_decimal(digits, fraction) ||
       seconds > std::numeric_limits<std::uint64_t>::max() / 2'000'000'000ull)
      return false;
   for (std::size_t scale = digits.size(); scale < 9; ++scale)
      fraction *= 10;
   time_ns = seconds * 1'000'000'000ull + fraction;
   return true;
}

EventName event_name(std::string_view name) {
   if (name == "mm_page_alloc")
      return EventName::alloc;
   if (name == "mm_page_free" || name == "mm_page_free_direct")
      return EventName::free;
   if (name == "mm_page_free_batched" || name == "mm_pagevec_free")
      return EventName::free_batched;
   if (name == "mm_page_alloc_extfrag")
      return EventName::extfrag;
   return EventName::other;
}

void assign_field(Fields &fields, std::string_view key, std::string_view value) {
   static constexpr std::pair<std::string_view, std::string_view Fields::*> kKeys[] = {
       {"page", &Fields::page},
       {"pfn", &Fields::pfn},
       {"order", &Fields::order},
       {"migratetype", &Fields::migratetype},
       {"gfp_flags", &Fields::gfp_flags},
       {"alloc_order", &Fields::alloc_order},
       {"fallback_order", &Fields::fallback_order},
       {"alloc_migratetype", &Fields::alloc_migratetype},
       {"fallback_migratetype", &Fields::fallback_migratetype},
       {"fragmenting", &Fields::fragmenting},
       {"change_ownership", &Fields::change_ownership},
   };
   for (const auto &[name, member] : kKeys)
      if (name == key) {
         fields.*member = value;
         return;
      }
}

Fields split_fields(std::string_view text) {
   Fields fields;
   while (!text.empty()) {
      const std::size_t space = text.find(' ');
      const std::string_view token = text.substr(0, space);
      const std::size_t equals = token.find('=');
      if (equals != std::string_view::npos)
         assign_field(fields, token.substr(0, equals), token.substr(equals + 1));
      text = space == std::string_view::npos ? std::string_view{} : text.substr(space + 1);
   }
   return fields;
}

// page=(nil), (null), 0 or all zeroes: the allocation failed.
bool is_null_page(std::string_view page) {
   if (page == "(nil)" || page == "(null)")
      return true;
   if (page.starts_with("0x"))
      page.remove_prefix(2);
   return !page.empty() && page.find_first_not_of('0') == std::string_view::npos;
}

bool parse_small(std::string_view text, int low, int high, int &value) {
   return parse_decimal(text, value) && value >= low && value <= high;
}

const char *read_order(std::string_view text, bool required, std::uint8_t &order) {
   int value = 0;
   if (text.empty() && !required)
      return nullptr;
   if (!parse_small(text, 0, kMaxTracedOrder, value))
      return text.empty() ? "missing order" : "bad order";
   order = static_cast<std::uint8_t>(value);
   return nullptr;
}

const char *read_pfn(const Fields &fields, TraceEvent &event) {
   if (fields.pfn.empty())
      return "missing pfn";
   if (!parse_number(fields.pfn, event.pfn) || event.pfn >= kMaxPfn)
      return "bad pfn";
   return nullptr;
}

const char *read_migratetype(std::string_view text, std::int8_t &migratetype) {
   int value = 0;
   if (text.empty())
      return nullptr;
   if (!parse_small(text, -1, 127, value))
      return "bad migratetype";
   migratetype = static_cast<std::int8_t>(value);
   return nullptr;
}

std::uint32_t request_flags(std::uint32_t gfp, int migratetype, MigratetypeNumbering numbering) {
   const auto mobility = gfp_mobility(gfp).value_or(
       migratetype_mobility(migratetype, numbering).value_or(MEMFRAG_MOBILITY_UNMOVABLE));
   return gfp_request_class(gfp) | MEMFRAG_REQ_MOBILITY(mobility);
}

const char *read_alloc(const Fields &fields, MigratetypeNumbering numbering, TraceEvent &event) {
   if (const char *problem = read_order(fields.order, true, event.order))
      return problem;
   if (const char *problem = read_migratetype(fields.migratetype, event.migratetype))
      return problem;
   event.gfp = fields.gfp_flags.empty() ? gfp_not_symbolic : parse_gfp_flags(fields.gfp_flags);
   event.request_flags =
       static_cast<std::uint8_t>(request_flags(event.gfp, event.migratetype, numbering));
   if (is_null_page(fields.page)) {
      event.kind = EventKind::alloc_failed;
      event.pfn = 0;
      return nullptr;
   }
   event.kind = EventKind::alloc;
   return read_pfn(fields, event);
}

const char *read_extfrag(const Fields &fields, TraceEvent &event) {
   event.kind = EventKind::extfrag;
   int fallback_type = 0;
   int fragmenting = 0;
   int change_ownership = 0;
   if (const char *problem = read_order(fields.alloc_order, true, event.order))
      return problem;
   if (const char *problem = read_order(fields.fallback_order, true, event.fallback_order))
      return problem;
   if (const char *problem = read_migratetype(fields.alloc_migratetype, event.migratetype))
      return problem;
   if (!parse_small(fields.fallback_migratetype, 0, 15, fallback_type) ||
       !parse_small(fields.fragmenting, 0, 1, fragmenting))
      return "bad fallback fields";
   if (!fields.change_ownership.empty() &&
       !parse_small(fields.change_ownership, 0, 1, change_ownership))
      return "bad change_ownership";
   event.fallback_detail =
       static_cast<std::uint8_t>(fallback_type | (fragmenting != 0 ? kFallbackFragmenting : 0) |
                                 (change_ownership != 0 ? kFallbackChangeOwnership : 0));
   return read_pfn(fields, event);
}

const char *read_fields(EventName name, std::string_view text, MigratetypeNumbering numbering,
                        TraceEvent &event) {
   const Fields fields = split_fields(text);
   switch (name) {
   case EventName::alloc:
      return read_alloc(fields, numbering, event);
   case EventName::extfrag:
      return read_extfrag(fields, event);
   case EventName::free:
   case EventName::free_batched:
      event.kind = EventKind::free;
      if (const char *problem = read_order(fields.order, name == EventName::free, event.order))
         return problem;
      return read_pfn(fields, event);
   case EventName::other:
      break;
   }
   return "not a page allocator event";
}

// "comm-pid", "comm-pid (tgid)" (ftrace) or "comm pid", "comm pid/tid" (perf script).
bool read_task(std::string_view text, LineFormat format, ParsedLine &parsed) {
   text = trim(text);
   if (text.ends_with(')')) {
      const std::size_t open = text.rfind('(');
      text = trim(text.substr(0, open == std::string_view::npos ? 0 : open));
   }
   std::string_view pid_text;
   if (format == LineFormat::perf_script) {
      pid_text = take_last_token(text);
      pid_text = pid_text.substr(0, pid_text.find('/'));
      parsed.task = trim(text);
   } else {
      const std::size_t dash = text.rfind('-');
      if (dash == std::string_view::npos)
         return false;
      pid_text = text.substr(dash + 1);
      parsed.task = text.substr(0, dash);
   }
   return parse_decimal(pid_text, parsed.event.pid);
}

// "[001]" to 1.
bool read_cpu(std::string_view token, std::uint16_t &cpu) {
   if (token.size() < 3 || token.front() != '[' || token.back() != ']')
      return false;
   return parse_decimal(token.substr(1, token.size() - 2), cpu);
}

// Everything before the event name: task, CPU, optional irq-flags column, timestamp.
const char *read_header(std::string_view header, ParsedLine &parsed) {
   if (!parse_timestamp(take_last_token(header), parsed.event.time_ns))
      return "bad timestamp";
   std::string_view rest = header;
   if (read_cpu(take_last_token(rest), parsed.event.cpu)) {
      header = rest;
   } else if (read_cpu(take_last_token(rest), parsed.event.cpu)) {
      header = rest; // the irq-flags column ("d..1.") stood between CPU and timestamp
   } else if (parsed.format == LineFormat::ftrace) {
      return "missing CPU";
   }
   return read_task(header, parsed.format, parsed) ? nullptr : "bad task or pid";
}

ParsedLine malformed(const char *problem) {
   ParsedLine parsed;
   parsed.kind = LineKind::malformed;
   parsed.problem = problem;
   return parsed;
}

bool read_lost(std::string_view line, ParsedLine &parsed) {
   const std::size_t at = line.find("[LOST ");
   if (!line.starts_with("CPU:") || at == std::string_view::npos)
      return false;
   std::string_view count = line.substr(at + 6);
   count = count.substr(0, count.find(' '));
   parsed.kind = LineKind::lost_events;
   return parse_decimal(count, parsed.lost);
}

// Where the event name starts: the first "name: " after a "timestamp: " separator. Returns npos
// when the line has none.
std::size_t find_event_name(std::string_view line, std::size_t &header_end) {
   std::size_t search = 0;
   for (;;) {
      const std::size_t colon = line.find(": ", search);
      if (colon == std::string_view::npos)
         return colon;
      const std::size_t digit = colon == 0 ? colon : colon - 1;
      if (line[digit] >= '0' && line[digit] <= '9') {
         header_end = colon;
         // perf script pads short event names to align the columns, and with `-F +period`
         // prints the sample period between the time and the event.
         std::size_t name = line.find_first_not_of(' ', colon + 2);
         const std::size_t after_number = line.find_first_not_of("0123456789", name);
         if (after_number != name && after_number != std::string_view::npos &&
             line[after_number] == ' ')
            name = line.find_first_not_of(' ', after_number);
         return name;
      }
      search = colon + 1;
   }
}

} // namespace

const char *line_format_name(LineFormat format) {
   switch (format) {
   case LineFormat::ftrace:
      return "ftrace";
   case LineFormat::perf_script:
      return "perf-script";
   case LineFormat::unknown:
      break;
   }
   return "unknown";
}

ParsedLine parse_trace_line(std::string_view line, MigratetypeNumbering numbering) {
   line = trim(line);
   ParsedLine parsed;
   if (line.empty() || line.front() == '#')
      return parsed;
   if (read_lost(line, parsed))
      return parsed;
   std::size_t header_end = 0;
   const std::size_t name_start = find_event_name(line, header_end);
   if (name_start == std::string_view::npos)
      return malformed("no event in line");
   const std::string_view rest = line.substr(name_start);
   const std::size_t fields_at = rest.find(": ");
   std::string_view token = rest.substr(0, fields_at);
   if (token.ends_with(':'))
      token.remove_suffix(1);
   if (token.empty() || token.find(' ') != std::string_view::npos)
      return malformed("no event name");
   // perf script names the subsystem too: "kmem:mm_page_alloc".
   const std::size_t subsystem = token.find(':');
   parsed.format =
       subsystem == std::string_view::npos ? LineFormat::ftrace : LineFormat::perf_script;
   const std::string_view name =
       token.substr(subsystem == std::string_view::npos ? 0 : subsystem + 1);
   const std::string_view fields =
       fields_at == std::string_view::npos ? std::string_view{} : rest.substr(fields_at + 2);
   if (const char *problem = read_header(line.substr(0, header_end), parsed))
      return malformed(problem);
   const EventName which = event_name(name);
   if (which == EventName::other) {
      parsed.kind = LineKind::other_event;
      return parsed;
   }
   if (const char *problem = read_fields(which, trim(fields), numbering, parsed.event))
      return malformed(problem);
   parsed.kind = LineKind::event;
   return parsed;
}

} // namespace memfrag::workload::trace
