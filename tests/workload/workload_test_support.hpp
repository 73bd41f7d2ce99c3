// Shared by the workload tests: loading TOML text as a workload and catching the error it
// raises.
#pragma once

#include "core/workload/generator_workload.hpp"

#include <gtest/gtest.h>
#include <string>
#include <vector>

namespace memfrag::workload::testing {

// A valid file with one phase, to which tests append or in which they replace lines.
inline const std::string kMinimalWorkload = R"([workload]
frames = 1024
ops = 1000

[[phase]]
occupancy = [0.5, 0.7]
)";

inline LoadedWorkload load_text(const std::string &text,
                                const std::vector<Override> &overrides = {}) {
   return load_generator_text(text, "test.toml", overrides);
}

// The message of the WorkloadError loading `text` raises, or a note that it raised none.
inline std::string load_error(const std::string &text,
                              const std::vector<Override> &overrides = {}) {
   try {
      load_text(text, overrides);
   } catch (const WorkloadError &error) {
      return error.what();
   }
   return "(no error)";
}

} // namespace memfrag::workload::testing
