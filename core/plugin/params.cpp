#include "core/plugin/params.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <optional>
#include <sstream>
#include <stdexcept>

#include "core/support/suggest.hpp"

namespace memfrag::plugin {
namespace {

std::string range_text(const ParamSpec &spec) {
   if (!spec.min || !spec.max) {
      return "";
   }
   return " in " + param_value_text(*spec.min) + ".." + param_value_text(*spec.max);
}

std::string expectation(const ParamSpec &spec) {
   if (spec.type == "string" && !spec.choices.empty()) {
      std::string listed;
      for (const auto &choice : spec.choices) {
         listed += (listed.empty() ? "" : ", ") + choice;
      }
      return "one of: " + listed;
   }
   if (spec.type == "int") {
      return "an integer" + range_text(spec);
   }
   if (spec.type == "float") {
      return "a number" + range_text(spec);
   }
   if (spec.type == "bool") {
      return "true or false";
   }
   return "a string";
}

std::optional<ParamValue> parse_text(const ParamSpec &spec, const std::string &text) {
   if (spec.type == "int") {
      std::int64_t value = 0;
      auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
      if (error != std::errc{} || end != text.data() + text.size()) {
         return std::nullopt;
      }
      return value;
   }
   if (spec.type == "float") {
      double value = 0;
      auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
      if (error != std::errc{} || end != text.data() + text.size() || !std::isfinite(value)) {
         return std::nullopt;
      }
      return value;
   }
   if (spec.type == "bool") {
      if (text == "true" || text == "false") {
         return text == "true";
      }
      return std::nullopt;
   }
   return text;
}

// The input's value converted to the declared type, if it has a compatible type: an integer is
// accepted where a float is declared, nothing else is converted silently.
std::optional<ParamValue> typed_value(const ParamSpec &spec, const ParamInput &input) {
   if (input.is_text) {
      return parse_text(spec, std::get<std::string>(input.value));
   }
   if (spec.type == "int" && std::holds_alternative<std::int64_t>(input.value)) {
      return input.value;
   }
   if (spec.type == "float") {
      if (const auto *integer = std::get_if<std::int64_t>(&input.value)) {
         return static_cast<double>(*integer);
      }
      if (std::holds_alternative<double>(input.value)) {
         return input.value;
      }
   }
   if (spec.type == "bool" && std::holds_alternative<bool>(input.value)) {
      return input.value;
   }
   if (spec.type == "string" && std::holds_alternative<std::string>(input.value)) {
      return input.value;
   }
   return std::nullopt;
}

bool within_declaration(const ParamSpec &spec, const ParamValue &value) {
   if (const auto *integer = std::get_if<std::int64_t>(&value)) {
      return *integer >= std::get<std::int64_t>(*spec.min) &&
             *integer <= std::get<std::int64_t>(*spec.max);
   }
   if (const auto *number = std::get_if<double>(&value)) {
      return *number >= std::get<double>(*spec.min) && *number <= std::get<double>(*spec.max);
   }
   if (const auto *text = std::get_if<std::string>(&value); text != nullptr && !spec.choices.empty()) {
      return std::find(spec.choices.begin(), spec.choices.end(), *text) != spec.choices.end();
   }
   return true;
}

} // namespace

std::string param_value_text(const ParamValue &value) {
   if (const auto *integer = std::get_if<std::int64_t>(&value)) {
      return std::to_string(*integer);
   }
   if (const auto *number = std::get_if<double>(&value)) {
      std::ostringstream out;
      out << *number;
      return out.str();
   }
   if (const auto *flag = std::get_if<bool>(&value)) {
      return *flag ? "true" : "false";
   }
   return std::get<std::string>(value);
}

std::vector<ParamValue> resolve_params(const std::string &allocator_id,
                                       const std::vector<ParamSpec> &schema,
                                       const std::vector<ParamInput> &inputs) {
   std::vector<ParamValue> values;
   std::vector<std::string> names;
   for (const auto &spec : schema) {
      values.push_back(spec.default_value);
      names.push_back(spec.name);
   }
   for (const auto &input : inputs) {
      auto found = std::find(names.begin(), names.end(), input.name);
      std::string where = input.origin + ": " + allocator_id + "." + input.name + ": ";
      if (found == names.end()) {
         std::string hint = names.empty() ? "; it declares no parameters"
                                          : support::did_you_mean(input.name, names);
         throw std::invalid_argument(where + "allocator '" + allocator_id +
                                     "' has no such parameter" + hint);
      }
      const ParamSpec &spec = schema[static_cast<std::size_t>(found - names.begin())];
      std::optional<ParamValue> value = typed_value(spec, input);
      if (!value || !within_declaration(spec, *value)) {
         std::string given = input.is_text ? "'" + std::get<std::string>(input.value) + "'"
                                           : param_value_text(input.value);
         throw std::invalid_argument(where + "expected " + expectation(spec) + ", got " + given);
      }
      values[static_cast<std::size_t>(found - names.begin())] = std::move(*value);
   }
   return values;
}

} // namespace memfrag::plugin
