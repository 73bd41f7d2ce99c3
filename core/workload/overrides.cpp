#include "core/workload/overrides.hpp"

#include "core/support/suggest.hpp"
#include "core/workload/toml_fields.hpp"
#include "core/workload/workload_schema.hpp"

#include <algorithm>
#include <charconv>
#include <string>

namespace memfrag::workload {
namespace {

const toml::source_region kOverrideRegion{
    {}, {}, std::make_shared<const std::string>(kOverrideOrigin)};

[[noreturn]] void fail_override(std::string_view key, std::string_view problem) {
   fail_at(kOverrideRegion, key, problem);
}

std::vector<std::string> split_key(const std::string &key) {
   std::vector<std::string> segments;
   std::size_t start = 0;
   for (std::size_t dot = key.find('.'); dot != std::string::npos; dot = key.find('.', start)) {
      segments.push_back(key.substr(start, dot - start));
      start = dot + 1;
   }
   segments.push_back(key.substr(start));
   return segments;
}

const char *kind_expectation(FieldKind kind) {
   switch (kind) {
   case FieldKind::text:
      return "a string";
   case FieldKind::integer:
      return "an integer";
   case FieldKind::number:
      return "a number";
   case FieldKind::band:
      return "[low, high]";
   case FieldKind::weights:
      return "a table of weights like { key = 10, ... }";
   case FieldKind::boolean:
      return "true or false";
   }
   return "a value";
}

// The text of an override as the TOML value its key expects.
toml::table parse_value(const Override &override_, FieldKind kind) {
   toml::table holder;
   if (kind == FieldKind::text) {
      holder.insert("value", override_.value);
      return holder;
   }
   try {
      holder = toml::parse("value = " + override_.value, std::string(kOverrideOrigin));
   } catch (const toml::parse_error &) {
      holder.clear();
   }
   if (holder.size() != 1 || !holder.contains("value")) {
      fail_override(override_.key, std::string("expected ") + kind_expectation(kind) + ", got '" +
                                       override_.value + "'");
   }
   return holder;
}

const FieldSchema &field_of(const Override &override_, std::span<const FieldSchema> fields,
                            const std::string &name) {
   const auto *field = find_field(fields, name);
   if (field == nullptr) {
      auto names = field_names(fields);
      fail_override(override_.key,
                    "unknown key '" + name + "'" + support::did_you_mean(name, names));
   }
   return *field;
}

toml::table &top_level_table(toml::table &root, std::string_view name) {
   auto *node = root.get(name);
   if (node == nullptr) {
      return *root.insert(name, toml::table{}).first->second.as_table();
   }
   if (!node->is_table()) {
      fail_at(node->source(), name,
              "expected a [" + std::string(name) + "] table, got " + describe_value(*node));
   }
   return *node->as_table();
}

toml::table &phase_table(toml::table &root, const Override &override_, const std::string &text) {
   std::size_t index = 0;
   auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), index);
   auto *phases = root.get_as<toml::array>("phase");
   std::size_t count = phases != nullptr ? phases->size() : 0;
   if (error != std::errc{} || end != text.data() + text.size() || index >= count ||
       !phases->get(index)->is_table()) {
      fail_override(override_.key,
                    "expected a phase index in 0.." + std::to_string(count == 0 ? 0 : count - 1) +
                        " (" + std::to_string(count) + " [[phase]] tables), got '" + text + "'");
   }
   return *phases->get(index)->as_table();
}

// Suggests a table only for a mistyped one: "workload.ops.x" names the right table, wrongly.
std::string table_suggestion(const std::string &table) {
   std::vector<std::string> tables = {"workload", "phase"};
   bool known = std::find(tables.begin(), tables.end(), table) != tables.end();
   return known ? "" : support::did_you_mean(table, tables);
}

void assign(toml::table &table, const Override &override_, std::span<const FieldSchema> fields,
            const std::string &name) {
   const auto &field = field_of(override_, fields, name);
   auto holder = parse_value(override_, field.kind);
   table.insert_or_assign(name, std::move(*holder.get("value")));
}

void apply_override(toml::table &root, const Override &override_) {
   auto segments = split_key(override_.key);
   if (segments.size() == 2 && segments[0] == "workload") {
      assign(top_level_table(root, "workload"), override_, kWorkloadFields, segments[1]);
   } else if (segments.size() == 3 && segments[0] == "phase") {
      assign(phase_table(root, override_, segments[1]), override_, kPhaseFields, segments[2]);
   } else {
      fail_override(override_.key, "unknown key, expected workload.<key> or "
                                   "phase.<index>.<key>" +
                                       table_suggestion(segments[0]));
   }
}

} // namespace

void apply_overrides(toml::table &root, const std::vector<Override> &overrides) {
   for (const auto &override_ : overrides) {
      apply_override(root, override_);
   }
}

void apply_table_overrides(toml::table &root, std::string_view table,
                           std::span<const FieldSchema> fields,
                           const std::vector<Override> &overrides) {
   for (const auto &override_ : overrides) {
      auto segments = split_key(override_.key);
      if (segments.size() != 2 || segments[0] != table) {
         fail_override(override_.key, "unknown key, expected " + std::string(table) + ".<key>");
      }
      assign(top_level_table(root, table), override_, fields, segments[1]);
   }
}

} // namespace memfrag::workload
