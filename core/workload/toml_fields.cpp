#include "core/workload/toml_fields.hpp"

#include "core/support/suggest.hpp"
#include "core/workload/workload.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

namespace memfrag::workload {
namespace {

std::string quoted_list(const std::vector<std::string> &names) {
   std::string text;
   for (const auto &name : names) {
      text += (text.empty() ? "'" : ", '") + name + "'";
   }
   return text;
}

std::string range_text(std::int64_t min, std::int64_t max) {
   return std::to_string(min) + ".." + std::to_string(max);
}

[[noreturn]] void fail_expected(const toml::node &node, std::string_view key,
                                std::string_view expected) {
   fail_at(node.source(), key,
           "expected " + std::string(expected) + ", got " + describe_value(node));
}

} // namespace

std::string origin_of(const toml::source_region &where) {
   if (!where.path || *where.path == kOverrideOrigin) {
      return std::string(kOverrideOrigin);
   }
   return *where.path + ":" + std::to_string(where.begin.line) + ":" +
          std::to_string(where.begin.column);
}

void fail_at(const toml::source_region &where, std::string_view key, std::string_view problem) {
   throw WorkloadError(origin_of(where) + ": " + std::string(key) + ": " + std::string(problem));
}

std::string number_text(double value) {
   char buffer[64];
   auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
   return std::string(buffer, result.ptr);
}

std::string describe_value(const toml::node &node) {
   switch (node.type()) {
   case toml::node_type::string:
      return "string '" + node.as_string()->get() + "'";
   case toml::node_type::integer:
      return "integer " + std::to_string(node.as_integer()->get());
   case toml::node_type::floating_point:
      return "float " + number_text(node.as_floating_point()->get());
   case toml::node_type::boolean:
      return node.as_boolean()->get() ? "boolean true" : "boolean false";
   case toml::node_type::table:
      return "a table";
   case toml::node_type::array:
      return "an array";
   default:
      return "a date or time";
   }
}

std::string key_path(std::string_view parent, std::string_view key) {
   return parent.empty() ? std::string(key) : std::string(parent) + "." + std::string(key);
}

void reject_unknown_keys(const toml::table &table, std::string_view parent,
                         const std::vector<std::string> &allowed) {
   for (const auto &[key, value] : table) {
      if (std::find(allowed.begin(), allowed.end(), key.str()) != allowed.end()) {
         continue;
      }
      fail_at(key.source(), key_path(parent, key.str()),
              "unknown key, expected one of " + quoted_list(allowed) +
                  support::did_you_mean(key.str(), allowed));
   }
}

std::int64_t read_integer(const toml::node &node, std::string_view key, std::int64_t min,
                          std::int64_t max) {
   const auto *integer = node.as_integer();
   if (integer == nullptr || integer->get() < min || integer->get() > max) {
      fail_expected(node, key, "an integer in " + range_text(min, max));
   }
   return integer->get();
}

double read_number(const toml::node &node, std::string_view key, std::int64_t min,
                   std::int64_t max) {
   double value = 0.0;
   if (const auto *integer = node.as_integer(); integer != nullptr) {
      value = static_cast<double>(integer->get());
   } else if (const auto *floating = node.as_floating_point(); floating != nullptr) {
      value = floating->get();
   } else {
      value = std::nan("");
   }
   if (!(value >= static_cast<double>(min) && value <= static_cast<double>(max))) {
      fail_expected(node, key, "a number in " + range_text(min, max));
   }
   return value;
}

std::string read_text(const toml::node &node, std::string_view key) {
   const auto *text = node.as_string();
   if (text == nullptr) {
      fail_expected(node, key, "a string");
   }
   return text->get();
}

bool read_boolean(const toml::node &node, std::string_view key) {
   const auto *value = node.as_boolean();
   if (value == nullptr) {
      fail_expected(node, key, "true or false");
   }
   return value->get();
}

std::string read_choice(const toml::node &node, std::string_view key,
                        const std::vector<std::string> &choices) {
   const auto *text = node.as_string();
   if (text != nullptr && std::find(choices.begin(), choices.end(), text->get()) != choices.end()) {
      return text->get();
   }
   std::string suggestion = text != nullptr ? support::did_you_mean(text->get(), choices) : "";
   fail_at(node.source(), key,
           "expected one of " + quoted_list(choices) + ", got " + describe_value(node) +
               suggestion);
}

TableFields::TableFields(const toml::table &table, std::string path,
                         std::span<const FieldSchema> fields)
    : table_(table), path_(std::move(path)) {
   reject_unknown_keys(table_, path_, field_names(fields));
}

std::int64_t TableFields::integer(std::string_view name, std::optional<std::int64_t> fallback,
                                  std::int64_t min, std::int64_t max) const {
   if (const auto *node = find(name); node != nullptr) {
      return read_integer(*node, path_of(name), min, max);
   }
   if (!fallback) {
      fail_missing(name, "an integer in " + range_text(min, max));
   }
   return *fallback;
}

double TableFields::number(std::string_view name, double fallback, std::int64_t min,
                           std::int64_t max) const {
   const auto *node = find(name);
   return node != nullptr ? read_number(*node, path_of(name), min, max) : fallback;
}

std::string TableFields::text(std::string_view name, std::string_view fallback) const {
   const auto *node = find(name);
   return node != nullptr ? read_text(*node, path_of(name)) : std::string(fallback);
}

bool TableFields::boolean(std::string_view name, bool fallback) const {
   const auto *node = find(name);
   return node != nullptr ? read_boolean(*node, path_of(name)) : fallback;
}

std::string TableFields::choice(std::string_view name, std::string_view fallback,
                                const std::vector<std::string> &choices) const {
   const auto *node = find(name);
   return node != nullptr ? read_choice(*node, path_of(name), choices) : std::string(fallback);
}

void TableFields::fail_missing(std::string_view name, std::string_view expected) const {
   fail_at(where(), path_of(name), "missing, expected " + std::string(expected));
}

} // namespace memfrag::workload
