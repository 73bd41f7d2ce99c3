#include "core/validate/validator.hpp"

#include "core/platform/child_process.hpp"
#include "core/platform/fault_watch.hpp"
#include "core/platform/shared_page.hpp"
#include "core/support/suggest.hpp"
#include "core/validate/registry.hpp"

#include <algorithm>
#include <sstream>
#include <stdexcept>

namespace memfrag::validate {
namespace {

constexpr std::size_t kMetadataRange = 0;

std::vector<const Check *> selected_checks(const std::vector<std::string> &names) {
   std::vector<const Check *> selected;
   std::vector<std::string> known;
   for (const Check &check : all_checks()) {
      known.emplace_back(check.name);
      if (names.empty() || std::find(names.begin(), names.end(), check.name) != names.end()) {
         selected.push_back(&check);
      }
   }
   for (const auto &name : names) {
      if (find_check(name) == nullptr) {
         throw std::invalid_argument("no check named '" + name + "'" +
                                     support::did_you_mean(name, known) + " (see --list-checks)");
      }
   }
   return selected;
}

// The check's verdict as the child sends it: the verdict's name, a newline, the reason.
std::string run_in_this_process(const Check &check, const CheckContext &context) {
   try {
      return std::string("pass\n") + check.run(context);
   } catch (const CheckFailed &failure) {
      return std::string("fail\n") + failure.what();
   } catch (const CheckSkipped &skipped) {
      return std::string("skip\n") + skipped.what();
   } catch (const std::exception &error) {
      return std::string("fail\n") + error.what();
   }
}

CheckReport report_from_child_output(const std::string &output) {
   std::size_t newline = output.find('\n');
   std::string verdict = output.substr(0, newline);
   std::string reason = newline == std::string::npos ? "" : output.substr(newline + 1);
   if (verdict == "pass" || verdict == "skip") {
      return {"", verdict == "pass" ? Verdict::pass : Verdict::skip, reason, 0};
   }
   return {"", Verdict::fail, reason, 0};
}

std::string seconds_text(std::chrono::milliseconds duration) {
   std::ostringstream text;
   text << static_cast<double>(duration.count()) / 1000.0 << " s";
   return text.str();
}

std::string fault_location(const platform::FaultRecord &faults) {
   auto range = platform::faulting_range(faults);
   std::ostringstream text;
   if (!range) {
      text << " at address 0x" << std::hex << faults.address;
      return text.str();
   }
   const platform::WatchedRange &hit = faults.ranges[*range];
   if (*range != kMetadataRange) {
      return ": touched frame " + std::to_string((faults.address - hit.begin) / 4096) +
             " of its region (frame memory belongs to the host; plugins must not read or write it)";
   }
   std::string size = std::to_string(hit.end - hit.begin);
   if (faults.address < hit.begin) {
      return ": touched memory " + std::to_string(hit.begin - faults.address) +
             " bytes before its " + size + " metadata bytes";
   }
   return ": touched memory " + std::to_string(faults.address - hit.end) + " bytes after its " +
          size + " metadata bytes";
}

CheckReport report_from_outcome(const platform::ChildOutcome &outcome,
                                const platform::FaultRecord &faults,
                                std::chrono::milliseconds time_limit) {
   using End = platform::ChildOutcome::End;
   switch (outcome.end) {
   case End::exited:
      if (outcome.exit_code == 0) {
         return report_from_child_output(outcome.output);
      }
      return {"", Verdict::fail,
              "the check's process exited with status " + std::to_string(outcome.exit_code) + ": " +
                  outcome.output,
              0};
   case End::signaled: {
      std::string where = faults.faulted ? fault_location(faults) : "";
      return {"", Verdict::fail, "crashed: " + platform::describe_signal(outcome.signal) + where,
              0};
   }
   case End::timed_out:
      return {"", Verdict::fail,
              "hung: killed after " + seconds_text(time_limit) +
                  " (raise --timeout if the plugin is merely slow)",
              0};
   case End::interrupted:
      break;
   }
   return {"", Verdict::fail, "interrupted", 0};
}

CheckReport run_isolated(const Check &check, CheckContext context,
                         std::chrono::milliseconds time_limit) {
   platform::SharedPage<platform::FaultRecord> faults;
   context.faults = &*faults;
   platform::ChildLimits limits;
   limits.time_limit = time_limit;
   auto start = std::chrono::steady_clock::now();
   platform::ChildOutcome outcome = platform::run_in_child(
       [&check, &context] {
          platform::record_memory_faults_in(*context.faults);
          return run_in_this_process(check, context);
       },
       limits);
   CheckReport report = report_from_outcome(outcome, *faults, time_limit);
   report.name = check.name;
   report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
   return report;
}

// The first prerequisite of `check` that did not pass, if any.
const CheckReport *unmet_need(const Check &check, const std::vector<CheckReport> &done) {
   for (const char *need : check.needs) {
      for (const CheckReport &report : done) {
         if (report.name == need && report.verdict != Verdict::pass) {
            return &report;
         }
      }
   }
   return nullptr;
}

} // namespace

bool ValidationReport::passed() const {
   return count(Verdict::fail) == 0;
}

std::size_t ValidationReport::count(Verdict verdict) const {
   return static_cast<std::size_t>(
       std::count_if(checks.begin(), checks.end(),
                     [verdict](const CheckReport &c) { return c.verdict == verdict; }));
}

ValidationReport validate_plugin(const ValidateOptions &options) {
   ValidationReport report{options.path, options.allocator_id, options.seed, {}};
   CheckContext context{options.path, options.allocator_id, options.seed, nullptr};
   for (const Check *check : selected_checks(options.checks)) {
      CheckReport result;
      if (const CheckReport *unmet = unmet_need(*check, report.checks)) {
         result = {check->name, Verdict::skip,
                   "needs '" + unmet->name + "', which " +
                       (unmet->verdict == Verdict::fail ? "failed" : "was skipped"),
                   0};
      } else {
         result = run_isolated(*check, context, options.time_limit);
      }
      report.checks.push_back(result);
      if (options.on_report) {
         options.on_report(result);
      }
   }
   return report;
}

} // namespace memfrag::validate
