// memfrag trace record: captures the page allocator events of the running kernel into an .mft
// file, with the free-frame snapshot and /proc/buddyinfo at start and end (docs/trace-format.md,
// "Recording"). Root only.
#pragma once

#include "core/workload/trace/free_frames.hpp"

#include <chrono>
#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

namespace memfrag::workload::trace {

struct RecordOptions {
   std::string output;
   std::optional<std::chrono::milliseconds> duration; // stop after this long
   std::vector<std::string> command;                  // or stop when this command exits
   std::uint32_t buffer_kb = 32768;                   // ring buffer per CPU
   std::string kpageflags_path = "/proc/kpageflags";
   std::string buddyinfo_path = "/proc/buddyinfo";
};

struct RecordResult {
   std::uint64_t events = 0;
   std::uint64_t lost_events = 0;
   std::uint64_t malformed_lines = 0;
   bool interrupted = false;
   std::optional<int> command_status; // exit status, 128 + signal when killed
   std::optional<BuddyinfoComparison> start_check;
   std::optional<BuddyinfoComparison> end_check;
   std::vector<std::string> warnings;
};

class RecordError : public std::runtime_error {
 public:
   using std::runtime_error::runtime_error;
};

// Records until the duration passes, the command exits or SIGINT / SIGTERM arrives. Progress and
// warnings go to `log`. Throws RecordError; tracing settings are restored in every case.
RecordResult record_trace(const RecordOptions &options, std::ostream &log);

// Parses "30s", "500ms", "2m", "1h" or a plain number of seconds; nothing when malformed.
std::optional<std::chrono::milliseconds> parse_duration(const std::string &text);

} // namespace memfrag::workload::trace
