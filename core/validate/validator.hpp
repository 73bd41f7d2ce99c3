// memfrag validate's engine: runs the conformance checks against one plugin library, each in a
// child process of its own with a time limit, and returns their verdicts as data.
#pragma once

#include "core/validate/check.hpp"

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace memfrag::validate {

struct CheckReport {
   std::string name;
   Verdict verdict = Verdict::pass;
   std::string reason; // what was checked (pass), what is wrong (fail), why not (skip)
   double seconds = 0;
};

struct ValidationReport {
   std::string plugin;
   std::optional<std::string> allocator_id;
   std::uint64_t seed = 0;
   std::vector<CheckReport> checks;

   bool passed() const;
   std::size_t count(Verdict verdict) const;
};

struct ValidateOptions {
   std::string path;
   std::optional<std::string> allocator_id;
   std::uint64_t seed = 0;
   std::vector<std::string> checks;                                // names; every check when empty
   std::chrono::milliseconds time_limit{std::chrono::seconds(60)}; // per check
   std::function<void(const CheckReport &)> on_report; // after each check, for live output
};

// Runs the checks. Throws std::invalid_argument naming an unknown check.
ValidationReport validate_plugin(const ValidateOptions &options);

} // namespace memfrag::validate
