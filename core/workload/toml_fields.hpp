// Reading typed values out of a parsed workload file, with errors that say where (file:line:col,
// or "--set" for a value given on the command line), which key, what was expected and what was
// found.
#pragma once

#include "core/workload/workload_schema.hpp"

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <toml++/toml.h>
#include <vector>

namespace memfrag::workload {

// Source path given to nodes parsed from --set text, so errors name the override, not a file.
inline constexpr std::string_view kOverrideOrigin = "--set";

// "file:line:col" of a place in a workload file, or "--set" for a value from an override.
std::string origin_of(const toml::source_region &where);

// Throws WorkloadError "<origin>: <key>: <problem>".
[[noreturn]] void fail_at(const toml::source_region &where, std::string_view key,
                          std::string_view problem);

// What the user wrote, for the "got ..." part of errors: "string 'abc'", "integer 42", "a table".
std::string describe_value(const toml::node &node);

// Shortest text that reads back as `value` ("0.7", "1e+20").
std::string number_text(double value);

// "<parent>.<key>", or just the key at the top level.
std::string key_path(std::string_view parent, std::string_view key);

// Throws for the first key of `table` that is not in `allowed`, suggesting the nearest one.
void reject_unknown_keys(const toml::table &table, std::string_view parent,
                         const std::vector<std::string> &allowed);

// Typed reads of one value; `key` is the dotted path used in errors.
std::int64_t read_integer(const toml::node &node, std::string_view key, std::int64_t min,
                          std::int64_t max);
// A TOML integer or float in [min, max] (whole-number limits, as every key has).
double read_number(const toml::node &node, std::string_view key, std::int64_t min,
                   std::int64_t max);
std::string read_text(const toml::node &node, std::string_view key);
bool read_boolean(const toml::node &node, std::string_view key);
std::string read_choice(const toml::node &node, std::string_view key,
                        const std::vector<std::string> &choices);

// The keys of one table of the file, checked against its schema on construction, read with
// defaults for the ones left out.
class TableFields {
 public:
   TableFields(const toml::table &table, std::string path, std::span<const FieldSchema> fields);

   const toml::node *find(std::string_view name) const { return table_.get(name); }
   std::string path_of(std::string_view name) const { return key_path(path_, name); }
   const toml::source_region &where() const { return table_.source(); }

   std::int64_t integer(std::string_view name, std::optional<std::int64_t> fallback,
                        std::int64_t min, std::int64_t max) const;
   double number(std::string_view name, double fallback, std::int64_t min, std::int64_t max) const;
   std::string text(std::string_view name, std::string_view fallback) const;
   bool boolean(std::string_view name, bool fallback) const;
   std::string choice(std::string_view name, std::string_view fallback,
                      const std::vector<std::string> &choices) const;
   // Throws "<key>: missing, expected <expected>" at the table's location.
   [[noreturn]] void fail_missing(std::string_view name, std::string_view expected) const;

 private:
   const toml::table &table_;
   std::string path_;
};

} // namespace memfrag::workload
