// run(): prepare the run matrix and execute it, every run in its own child process, with the GIL
// released so that forking is safe and other Python threads go on. Progress reaches a Python
// callable; Ctrl-C (Python's own SIGINT handling) stops the session through the core's
// interrupt request, and the KeyboardInterrupt carries the runs that completed.
#include "bindings/python/src/bindings.hpp"

#include <pybind11/stl.h>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/platform/interrupt.hpp"
#include "core/run/prepare.hpp"
#include "core/run/session.hpp"
#include "reports/reporter.hpp"

namespace memfrag::python {
namespace {

struct RunRequest {
   std::vector<std::string> plugins;
   std::vector<std::string> workloads;
   std::vector<std::string> settings;
   run::SessionOptions options;
};

// Called with the GIL released; takes it to run Python's signal handlers and the progress
// callable. The first exception either raises is kept for the caller and stops the session.
class ProgressRelay {
 public:
   explicit ProgressRelay(pybind11::object on_progress) : on_progress_(std::move(on_progress)) {}

   void operator()(const run::SessionProgress &progress) {
      pybind11::gil_scoped_acquire acquired;
      if (pending_) {
         return;
      }
      try {
         if (PyErr_CheckSignals() != 0) {
            throw pybind11::error_already_set();
         }
         if (!on_progress_.is_none()) {
            on_progress_(progress.run_index, progress.run_count, progress.run, progress.ops_done,
                         progress.expected_ops);
         }
      } catch (pybind11::error_already_set &error) {
         pending_ = std::move(error);
         platform::request_interrupt();
      }
   }

   std::optional<pybind11::error_already_set> &pending() { return pending_; }

 private:
   pybind11::object on_progress_;
   std::optional<pybind11::error_already_set> pending_;
};

results::Document execute(const RunRequest &request, ProgressRelay &relay) {
   pybind11::gil_scoped_release released;
   run::Preparation preparation =
      run::prepare(request.plugins, request.workloads, request.settings);
   platform::clear_interrupt_request();
   results::Document document =
      run::run_session(preparation, request.options,
                       run::expand_matrix(preparation, request.options),
                       [&relay](const run::SessionProgress &progress) { relay(progress); });
   platform::clear_interrupt_request();
   return document;
}

// Returns the results document as JSON text. When the session was stopped by an exception from
// the signal handlers or the progress callable, raises it with the partial document attached
// as `results_json`.
std::string run_matrix(std::vector<std::string> plugins, std::vector<std::string> workloads,
                       std::vector<std::string> settings, std::vector<std::uint64_t> seeds,
                       std::uint32_t repeat, bool check, std::uint32_t timeout_seconds,
                       std::vector<std::string> command, pybind11::object on_progress) {
   RunRequest request{std::move(plugins), std::move(workloads), std::move(settings), {}};
   request.options.seeds = std::move(seeds);
   request.options.repeat = repeat;
   request.options.check = check;
   request.options.time_limit = std::chrono::seconds(timeout_seconds);
   request.options.command = std::move(command);
   request.options.placement = run::default_placement(request.options.warnings);
   ProgressRelay relay(std::move(on_progress));
   std::string document = reports::render_json(execute(request, relay));
   if (auto &pending = relay.pending()) {
      pending->value().attr("results_json") = document;
      throw std::move(*pending);
   }
   return document;
}

} // namespace

void bind_run(pybind11::module_ &module) {
   module.def("run", &run_matrix, pybind11::arg("plugins"), pybind11::arg("workloads"),
              pybind11::arg("settings"), pybind11::arg("seeds"), pybind11::arg("repeat"),
              pybind11::arg("check"), pybind11::arg("timeout_seconds"), pybind11::arg("command"),
              pybind11::arg("on_progress"),
              "Runs plugins x workloads x seeds x repeat, each run in a child process, and "
              "returns the results document as JSON text. `settings` are 'key=value' as for "
              "`memfrag run --set`; `on_progress(run_index, run_count, run, ops_done, "
              "expected_ops)` is called about ten times a second. Raises InputError for bad "
              "input, before any run starts.");
}

} // namespace memfrag::python
