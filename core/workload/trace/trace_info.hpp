// memfrag trace info: what a trace holds (events, orders, request classes, tasks, span) and how
// it would replay, as text for people and JSON for tools.
#pragma once

#include "core/workload/trace/free_frames.hpp"
#include "core/workload/trace/text_reader.hpp"
#include "core/workload/trace/trace_event.hpp"

#include <array>
#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace memfrag::workload::trace {

struct TaskEvents {
   std::uint32_t pid = 0;
   std::string name;
   std::uint64_t events = 0;
};

struct TraceSummary {
   std::string path;
   std::string container; // "mft" or the compression of a text trace
   std::string source;
   std::string kernel;
   std::string migratetypes;
   std::string migratetypes_reason;
   ReadCounts counts;
   std::array<std::uint64_t, kEventKindCount> by_kind{};
   std::vector<std::uint64_t> allocs_by_order;
   std::vector<std::uint64_t> frees_by_order;
   std::map<std::string, std::uint64_t> request_classes; // "atomic movable", "normal unmovable"...
   std::map<int, std::uint64_t> migratetypes_printed;
   std::map<std::uint32_t, std::uint64_t> by_cpu;
   std::vector<TaskEvents> top_tasks; // most events first
   std::uint64_t task_count = 0;
   std::uint64_t first_time_ns = 0;
   std::uint64_t last_time_ns = 0;
   std::uint64_t peak_live_frames = 0;
   std::uint64_t unseen_frees = 0;
   bool layout_known = false; // a free-frame snapshot at the start is present
   std::optional<BuddyinfoComparison> start_check;
   std::optional<BuddyinfoComparison> end_check;
   std::vector<std::uint64_t> buddyinfo_start; // from the snapshot's /proc/buddyinfo
};

// Reads the whole trace. Throws TraceReadError.
TraceSummary summarize_trace(const std::string &path, const ReadOptions &options);

std::string summary_text(const TraceSummary &summary);
nlohmann::json summary_json(const TraceSummary &summary);
std::string comparison_text(const BuddyinfoComparison &comparison);

} // namespace memfrag::workload::trace
