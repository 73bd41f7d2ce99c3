// The settings of a trace workload, read from "trace.*" and "workload.*" overrides and recorded
// in the resolved specification so that a driver can be made from it alone.
#pragma once

#include "core/workload/trace/migratetype.hpp"
#include "core/workload/workload.hpp"

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace memfrag::workload::trace {

enum class TimeMode : std::uint8_t { ignore, honour };

struct ReplayOptions {
   std::string name;
   std::uint64_t frames = 0; // 0: from the trace's peak of live frames
   double headroom = 0.25;   // region beyond the peak, as a share of it
   std::uint32_t max_order = 10;
   std::uint32_t samples = 100;
   std::uint32_t cpus = 1;   // Op::cpu = traced CPU modulo this
   bool seed_unseen = false; // seed blocks freed but never seen allocated as live at the start
   TimeMode time = TimeMode::ignore;
   double time_scale = 1.0; // honour: traced time divided by this (2 = twice as fast)
   bool strict = false;
   std::optional<MigratetypeNumbering> numbering;
   std::string kernel;
};

// Throws WorkloadError naming the key, what was expected and the nearest valid key.
ReplayOptions parse_replay_options(const std::vector<Override> &overrides);

nlohmann::json options_to_json(const ReplayOptions &options);
ReplayOptions options_from_json(const nlohmann::json &resolved);

const char *time_mode_name(TimeMode mode);

} // namespace memfrag::workload::trace
