#include "core/run/session.hpp"

#include "core/platform/child_process.hpp"
#include "core/platform/environment.hpp"
#include "core/platform/interrupt.hpp"
#include "core/platform/machine_probe.hpp"
#include "core/platform/shared_page.hpp"
#include "core/results/json.hpp"
#include "core/results/matrix.hpp"
#include "core/run/engine.hpp"

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <unistd.h>

namespace memfrag::run {
namespace {

using End = platform::ChildOutcome::End;

std::string utc_now_iso8601() {
   std::time_t now = std::time(nullptr);
   std::tm utc{};
   gmtime_r(&now, &utc);
   char text[32];
   std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
   return text;
}

std::string run_in_process(const Preparation &preparation, const MatrixCell &cell,
                           const SessionOptions &options, Progress &progress) {
   const PreparedPlugin &plugin = preparation.plugins[cell.plugin];
   RunSpec spec{plugin.library.get(),
                plugin.allocator,
                plugin.params_per_workload[cell.workload],
                &preparation.workloads[cell.workload].loaded,
                cell.seed,
                options.check,
                options.backing,
                options.backing_asked,
                options.placement,
                options.contiguity};
   return results::run_to_json(execute_run(spec, progress)).dump();
}

results::LastOp last_op_of(const WorkerProgress &worker) {
   return {worker.ops_done.load(), worker.op_kind.load() == 0 ? "alloc" : "free",
           worker.order.load(), worker.frame.load()};
}

// The first worker's last operation (with several workers, each one's is in the message).
results::LastOp last_op_of(const Progress &progress) {
   return last_op_of(progress.worker[0]);
}

std::string describe(const results::LastOp &op) {
   return "operation " + std::to_string(op.op_index) + " (" + op.kind + " order " +
          std::to_string(op.order) +
          (op.kind == "free" ? " frame " + std::to_string(op.frame) : "") + ")";
}

std::string describe(const Progress &progress) {
   const std::uint32_t workers = std::min(progress.workers.load(), Progress::kMaxWorkers);
   if (workers <= 1) {
      return describe(last_op_of(progress));
   }
   std::string text;
   for (std::uint32_t index = 0; index < workers; ++index) {
      text += (index == 0 ? "" : ", ") + std::string("worker ") + std::to_string(index) + " " +
              describe(last_op_of(progress.worker[index]));
   }
   return text;
}

results::RunResult failed_run(results::RunStatus status, std::string message,
                              const Progress &progress) {
   results::RunResult result;
   result.status = status;
   result.message = std::move(message);
   result.last_op = last_op_of(progress);
   return result;
}

results::RunResult result_of(const platform::ChildOutcome &outcome, const Progress &progress,
                             std::chrono::seconds time_limit) {
   switch (outcome.end) {
   case End::signaled:
      return failed_run(results::RunStatus::crashed,
                        platform::describe_signal(outcome.signal) + " during " + describe(progress),
                        progress);
   case End::timed_out:
      return failed_run(results::RunStatus::timeout,
                        "exceeded the time limit of " + std::to_string(time_limit.count()) +
                            " s during " + describe(progress),
                        progress);
   case End::interrupted:
      return failed_run(results::RunStatus::skipped, "interrupted", progress);
   case End::exited:
      break;
   }
   if (outcome.exit_code != 0) {
      results::RunResult result;
      result.status = results::RunStatus::error;
      result.message = outcome.output;
      return result;
   }
   return results::run_from_json(nlohmann::json::parse(outcome.output));
}

nlohmann::json optional_json(const std::optional<unsigned> &value) {
   return value ? nlohmann::json(*value) : nlohmann::json();
}

// What every run was asked to get; each run records what it obtained.
nlohmann::json placement_json(const SessionOptions &options) {
   return {{"threads", options.placement.threads()},
           {"worker_cpus", options.placement.worker_cpus},
           {"cpu_node", optional_json(options.placement.cpu_node)},
           {"mem_node", optional_json(options.placement.mem_node)},
           {"contiguity_check", options.contiguity}};
}

class ProgressLine {
 public:
   explicit ProgressLine(bool enabled) : enabled_(enabled && isatty(STDERR_FILENO) != 0) {}
   void show(std::size_t index, std::size_t total, const std::string &what,
             const Progress &progress) const {
      if (!enabled_) {
         return;
      }
      std::uint64_t expected = progress.expected_ops.load();
      std::uint64_t done = progress.ops_done();
      int percent =
          expected == 0 ? 0 : static_cast<int>(std::min<std::uint64_t>(100, done * 100 / expected));
      std::fprintf(stderr, "\r\033[K[%zu/%zu] %s %3d%%", index + 1, total, what.c_str(), percent);
      std::fflush(stderr);
   }
   void clear() const {
      if (enabled_) {
         std::fprintf(stderr, "\r\033[K");
         std::fflush(stderr);
      }
   }

 private:
   bool enabled_;
};

} // namespace

std::vector<MatrixCell> expand_matrix(const Preparation &preparation,
                                      const SessionOptions &options) {
   std::vector<MatrixCell> cells;
   for (std::size_t workload = 0; workload < preparation.workloads.size(); ++workload) {
      for (std::uint64_t seed : options.seeds) {
         for (std::uint32_t repetition = 0; repetition < options.repeat; ++repetition) {
            for (std::size_t plugin = 0; plugin < preparation.plugins.size(); ++plugin) {
               cells.push_back({plugin, workload, seed, repetition});
            }
         }
      }
   }
   return cells;
}

std::vector<MatrixCell> select_shard(const std::vector<MatrixCell> &cells,
                                     const SessionOptions &options) {
   if (!options.shard)
      return cells;
   std::vector<MatrixCell> selected;
   for (std::size_t cell = 0; cell < cells.size(); ++cell)
      if (results::cell_in_shard(cell, options.shard->index, options.shard->count))
         selected.push_back(cells[cell]);
   return selected;
}

results::Document run_session(const Preparation &preparation, const SessionOptions &options,
                              const std::vector<MatrixCell> &cells,
                              const ProgressCallback &on_progress) {
   results::Document document;
   document.memfrag_version = MEMFRAG_VERSION;
   document.created = utc_now_iso8601();
   document.command = options.command;
   document.environment = platform::environment_basics();
   document.environment["machine"] = platform::machine_fingerprint();
   document.environment["region_backing"] = {
       {"asked", options.backing_asked},
       {"resolved", platform::backing_name(options.backing.kind)},
       {"prefault", options.backing.prefault},
       {"lock", options.backing.lock}};
   document.environment["hugepage_reservation"] = options.hugepage_reservation;
   document.environment["placement"] = placement_json(options);
   document.environment["warnings"] = options.warnings;
   document.seeds = options.seeds;
   document.repeat = options.repeat;
   for (const auto &plugin : preparation.plugins) {
      document.plugins.push_back(plugin.record);
   }
   for (const auto &workload : preparation.workloads) {
      document.workloads.push_back(workload.record);
   }
   if (options.shard)
      document.shard =
          results::Shard{options.shard->index, options.shard->count,
                         results::matrix_cell_count(document), results::matrix_identity(document)};
   platform::SharedPage<Progress> progress;
   ProgressLine line(options.show_progress);
   for (std::size_t index = 0; index < cells.size(); ++index) {
      const MatrixCell &cell = cells[index];
      if (platform::interrupt_requested()) {
         document.complete = false;
         break;
      }
      new (&*progress) Progress{};
      std::string what = preparation.plugins[cell.plugin].record.key + " x " +
                         preparation.workloads[cell.workload].record.key + " seed " +
                         std::to_string(cell.seed) + " #" + std::to_string(cell.repetition);
      platform::ChildLimits limits;
      limits.time_limit = options.time_limit;
      limits.on_tick = [&] {
         line.show(index, cells.size(), what, *progress);
         if (on_progress) {
            on_progress({index, cells.size(), what, progress->ops_done(),
                         progress->expected_ops.load()});
         }
      };
      platform::ChildOutcome outcome = platform::run_in_child(
          [&] { return run_in_process(preparation, cell, options, *progress); }, limits);
      results::RunResult result = result_of(outcome, *progress, options.time_limit);
      if (result.status == results::RunStatus::skipped) {
         document.complete = false;
         break;
      }
      result.plugin = preparation.plugins[cell.plugin].record.key;
      result.workload = preparation.workloads[cell.workload].record.key;
      result.seed = cell.seed;
      result.repetition = cell.repetition;
      document.runs.push_back(std::move(result));
   }
   line.clear();
   return document;
}

} // namespace memfrag::run
