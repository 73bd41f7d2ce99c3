// The keys a generator workload file may hold and the kind of value each expects. One list
// serves both the file validator (unknown keys, suggestions) and --set (how to read the text).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace memfrag::workload {

enum class FieldKind : std::uint8_t {
   text,    // a string, taken verbatim from --set
   integer, // a TOML integer
   number,  // a TOML integer or float
   band,    // an array of two numbers: [low, high]
   weights, // a table of non-negative integer weights
   boolean, // true or false
};

struct FieldSchema {
   std::string_view name;
   FieldKind kind;
};

// Keys of the [workload] table.
inline constexpr FieldSchema kWorkloadFields[] = {
    {"name", FieldKind::text},   {"description", FieldKind::text},  {"frames", FieldKind::integer},
    {"ops", FieldKind::integer}, {"max_order", FieldKind::integer}, {"samples", FieldKind::integer},
    {"background", FieldKind::text},
};

// Keys of each [[phase]] table.
inline constexpr FieldSchema kPhaseFields[] = {
    {"name", FieldKind::text},      {"share", FieldKind::number},
    {"occupancy", FieldKind::band}, {"orders", FieldKind::weights},
    {"lifetime", FieldKind::text},  {"mobility", FieldKind::weights},
    {"atomic", FieldKind::number},  {"virt_ok", FieldKind::number},
    {"touch", FieldKind::text},      {"kind", FieldKind::text},
    {"high", FieldKind::number},     {"noreclaim", FieldKind::number},
    {"reread", FieldKind::number},   {"retry", FieldKind::integer},
    {"attempt_every", FieldKind::integer}, {"attempt_order", FieldKind::integer},
    {"burst_every", FieldKind::integer},   {"burst_size", FieldKind::integer},
    {"burst_order", FieldKind::integer},   {"burst_mobility", FieldKind::text},
    {"burst_atomic", FieldKind::boolean},
    {"frames", FieldKind::weights},  {"bytes", FieldKind::weights},
};

// Top-level keys of a workload file.
inline const std::vector<std::string> kTopLevelKeys = {"workload", "phase", "plugin"};

inline const std::vector<std::string> kLifetimeNames = {"random", "fifo", "lifo"};
inline const std::vector<std::string> kTouchNames = {"none", "first-line", "whole"};
inline const std::vector<std::string> kPhaseKindNames = {"churn", "drop-reclaimable"};
inline const std::vector<std::string> kBackgroundNames = {"inline", "thread"};
// Indexed by MEMFRAG_MOBILITY_*.
inline const std::vector<std::string> kMobilityNames = {"unmovable", "reclaimable", "movable"};

inline std::vector<std::string> field_names(std::span<const FieldSchema> fields) {
   std::vector<std::string> names;
   for (const auto &field : fields) {
      names.emplace_back(field.name);
   }
   return names;
}

inline const FieldSchema *find_field(std::span<const FieldSchema> fields, std::string_view name) {
   for (const auto &field : fields) {
      if (field.name == name) {
         return &field;
      }
   }
   return nullptr;
}

} // namespace memfrag::workload
