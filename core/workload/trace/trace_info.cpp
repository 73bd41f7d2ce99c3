#include "core/workload/trace/trace_info.hpp"

#include "core/workload/trace/replay_plan.hpp"
#include "core/workload/trace/trace_input.hpp"
#include "memfrag/allocator.h"

#include <algorithm>
#include <cstdio>
#include <sstream>

namespace memfrag::workload::trace {

namespace {

constexpr std::size_t kTopTasks = 10;

std::string request_class_label(std::uint8_t flags) {
   static constexpr const char *kMobility[] = {"unmovable", "reclaimable", "movable", "unknown"};
   const bool atomic = (flags & MEMFRAG_REQ_ATOMIC) != 0;
   return std::string(atomic ? "atomic " : "normal ") + kMobility[MEMFRAG_REQ_GET_MOBILITY(flags)];
}

void count_order(std::vector<std::uint64_t> &by_order, std::uint32_t order) {
   if (by_order.size() <= order)
      by_order.resize(order + 1, 0);
   ++by_order[order];
}

void tally(TraceSummary &summary, const TraceEvent &event,
           std::map<std::uint32_t, std::uint64_t> &by_pid) {
   ++summary.by_kind[static_cast<std::size_t>(event.kind)];
   ++summary.by_cpu[event.cpu];
   ++by_pid[event.pid];
   if (event.kind == EventKind::alloc || event.kind == EventKind::alloc_failed) {
      count_order(summary.allocs_by_order, event.order);
      ++summary.request_classes[request_class_label(event.request_flags)];
      ++summary.migratetypes_printed[event.migratetype];
   } else if (event.kind == EventKind::free) {
      count_order(summary.frees_by_order, event.order);
   }
}

std::vector<TaskEvents> top_tasks(const std::map<std::uint32_t, std::uint64_t> &by_pid,
                                  const std::map<std::uint32_t, std::string> &names) {
   std::vector<TaskEvents> tasks;
   for (const auto &[pid, events] : by_pid) {
      const auto name = names.find(pid);
      tasks.push_back({pid, name == names.end() ? "" : name->second, events});
   }
   std::sort(tasks.begin(), tasks.end(), [](const TaskEvents &a, const TaskEvents &b) {
      return a.events != b.events ? a.events > b.events : a.pid < b.pid;
   });
   if (tasks.size() > kTopTasks)
      tasks.resize(kTopTasks);
   return tasks;
}

std::string join(const std::vector<std::uint64_t> &values) {
   std::string text;
   for (const std::uint64_t value : values)
      text += (text.empty() ? "" : " ") + std::to_string(value);
   return text;
}

std::string seconds(std::uint64_t ns) {
   char text[32];
   std::snprintf(text, sizeof text, "%.6f", static_cast<double>(ns) / 1e9);
   return text;
}

nlohmann::json comparison_json(const std::optional<BuddyinfoComparison> &comparison) {
   if (!comparison)
      return nullptr;
   return {{"reconstructed", comparison->reconstructed},
           {"buddyinfo", comparison->buddyinfo},
           {"reconstructed_free_frames", comparison->reconstructed_frames},
           {"buddyinfo_free_frames", comparison->buddyinfo_frames},
           {"exact_from_order", comparison->exact_from_order}};
}

void describe_layout(std::ostringstream &out, const TraceSummary &summary) {
   if (!summary.layout_known) {
      out << "kernel layout:   unknown (no free-frame snapshot in this trace; record with "
             "`memfrag trace record` to get one)\n";
      return;
   }
   out << "kernel layout:   free-frame snapshot at start present\n";
   if (summary.start_check)
      out << "  start vs buddyinfo:\n" << comparison_text(*summary.start_check);
   if (summary.end_check)
      out << "  end vs buddyinfo:\n" << comparison_text(*summary.end_check);
}

} // namespace

TraceSummary summarize_trace(const std::string &path, const ReadOptions &options) {
   TraceSummary summary;
   summary.path = path;
   const LoadedTrace trace = load_trace(path, options);
   std::map<std::uint32_t, std::uint64_t> by_pid;
   for (const TraceEvent &event : trace.events)
      tally(summary, event, by_pid);
   const TraceMetadata &metadata = trace.metadata;
   summary.container = trace.container;
   summary.source = source_name(metadata.source);
   summary.kernel = metadata.kernel;
   summary.migratetypes = numbering_name(metadata.numbering);
   select_numbering(options, &summary.migratetypes_reason);
   if (trace.container == "mft")
      summary.migratetypes_reason = "recorded in the file";
   summary.counts = trace.counts;
   summary.top_tasks = top_tasks(by_pid, metadata.tasks);
   summary.task_count = by_pid.size();
   if (!trace.events.empty()) {
      summary.first_time_ns = trace.events.front().time_ns;
      summary.last_time_ns = trace.events.back().time_ns;
   }
   const ReplayPlan plan = plan_replay(trace.events, false);
   summary.peak_live_frames = plan.peak_live_frames;
   summary.unseen_frees = plan.unseen_frees;
   summary.layout_known = metadata.free_frames_start.has_value();
   if (metadata.free_frames_start && !metadata.buddyinfo_start.empty())
      summary.start_check =
          compare_with_buddyinfo(*metadata.free_frames_start, metadata.buddyinfo_start);
   if (metadata.free_frames_end && !metadata.buddyinfo_end.empty())
      summary.end_check = compare_with_buddyinfo(*metadata.free_frames_end, metadata.buddyinfo_end);
   summary.buddyinfo_start = parse_buddyinfo(metadata.buddyinfo_start);
   return summary;
}

std::string comparison_text(const BuddyinfoComparison &comparison) {
   std::ostringstream out;
   out << "    order        ";
   for (std::size_t order = 0; order < comparison.buddyinfo.size(); ++order)
      out << ' ' << order;
   out << "\n    buddyinfo     " << join(comparison.buddyinfo) << "\n    reconstructed "
       << join(comparison.reconstructed) << "\n    free frames: buddyinfo "
       << comparison.buddyinfo_frames << ", reconstructed " << comparison.reconstructed_frames
       << "; exact from order " << comparison.exact_from_order << '\n';
   return out.str();
}

std::string summary_text(const TraceSummary &summary) {
   std::ostringstream out;
   const ReadCounts &counts = summary.counts;
   out << "trace:           " << summary.path << " (" << summary.container << ", " << summary.source
       << ")\n";
   out << "kernel:          " << (summary.kernel.empty() ? "unknown" : summary.kernel) << '\n';
   out << "migratetypes:    " << summary.migratetypes << " numbering ("
       << summary.migratetypes_reason << ")\n";
   out << "events:          " << counts.events << " (alloc " << summary.by_kind[0]
       << ", failed alloc " << summary.by_kind[1] << ", free " << summary.by_kind[2]
       << ", extfrag fallback " << summary.by_kind[3] << ")\n";
   out << "skipped:         " << counts.other_events << " other events, " << counts.lost_events
       << " lost by the kernel, " << counts.malformed << " malformed lines\n";
   for (const MalformedLine &line : counts.first_malformed)
      out << "  line " << line.line << ": " << line.problem << ": " << line.text << '\n';
   out << "span:            " << seconds(summary.last_time_ns - summary.first_time_ns) << " s ("
       << seconds(summary.first_time_ns) << " to " << seconds(summary.last_time_ns) << ")\n";
   out << "allocs by order: " << join(summary.allocs_by_order) << '\n';
   out << "frees by order:  " << join(summary.frees_by_order) << '\n';
   out << "request classes:";
   for (const auto &[label, count] : summary.request_classes)
      out << "\n  " << label << ": " << count;
   out << "\ncpus:            " << summary.by_cpu.size()
       << "\ntasks:           " << summary.task_count << " (most events first)\n";
   for (const TaskEvents &task : summary.top_tasks)
      out << "  " << task.name << '-' << task.pid << ": " << task.events << '\n';
   out << "replay:          peak " << summary.peak_live_frames << " live frames, "
       << summary.unseen_frees << " frees of blocks allocated before the trace\n";
   describe_layout(out, summary);
   return out.str();
}

nlohmann::json summary_json(const TraceSummary &summary) {
   const ReadCounts &counts = summary.counts;
   nlohmann::json malformed = nlohmann::json::array();
   for (const MalformedLine &line : counts.first_malformed)
      malformed.push_back({{"line", line.line}, {"problem", line.problem}, {"text", line.text}});
   nlohmann::json tasks = nlohmann::json::array();
   for (const TaskEvents &task : summary.top_tasks)
      tasks.push_back({{"pid", task.pid}, {"name", task.name}, {"events", task.events}});
   nlohmann::json kinds = nlohmann::json::object();
   for (std::uint8_t kind = 0; kind < kEventKindCount; ++kind)
      kinds[event_kind_name(static_cast<EventKind>(kind))] = summary.by_kind[kind];
   nlohmann::json migratetypes = nlohmann::json::object();
   for (const auto &[type, count] : summary.migratetypes_printed)
      migratetypes[std::to_string(type)] = count;
   nlohmann::json cpus = nlohmann::json::object();
   for (const auto &[cpu, count] : summary.by_cpu)
      cpus[std::to_string(cpu)] = count;
   return {
       {"path", summary.path},
       {"container", summary.container},
       {"source", summary.source},
       {"kernel", summary.kernel},
       {"migratetypes",
        {{"numbering", summary.migratetypes},
         {"reason", summary.migratetypes_reason},
         {"printed", migratetypes}}},
       {"events", counts.events},
       {"by_kind", kinds},
       {"lines", counts.lines},
       {"other_events", counts.other_events},
       {"lost_events", counts.lost_events},
       {"malformed_lines", counts.malformed},
       {"first_malformed", malformed},
       {"first_time_ns", summary.first_time_ns},
       {"last_time_ns", summary.last_time_ns},
       {"span_ns", summary.last_time_ns - summary.first_time_ns},
       {"allocs_by_order", summary.allocs_by_order},
       {"frees_by_order", summary.frees_by_order},
       {"request_classes", summary.request_classes},
       {"cpus", cpus},
       {"task_count", summary.task_count},
       {"top_tasks", tasks},
       {"peak_live_frames", summary.peak_live_frames},
       {"unseen_frees", summary.unseen_frees},
       {"kernel_layout_known", summary.layout_known},
       {"start_vs_buddyinfo", comparison_json(summary.start_check)},
       {"end_vs_buddyinfo", comparison_json(summary.end_check)},
   };
}

} // namespace memfrag::workload::trace
