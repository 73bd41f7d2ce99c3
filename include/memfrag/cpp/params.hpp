// Typed parameters of a C++ allocator: constexpr helpers that declare them (the schema the host
// reads through the params extension) and a view that reads the values the host resolved.
#pragma once

#include "../memfrag.h"

#include <cstdint>
#include <span>
#include <stdexcept>
#include <string_view>

namespace memfrag::cpp {

// Declares an integer parameter accepting [min_value, max_value].
constexpr memfrag_param_info_t int_param(const char *name, const char *doc, int64_t default_value,
                                         int64_t min_value, int64_t max_value) {
   memfrag_param_info_t info{};
   info.name = name;
   info.doc = doc;
   info.type = MEMFRAG_PARAM_INT;
   info.default_value.as_int = default_value;
   info.min_int = min_value;
   info.max_int = max_value;
   return info;
}

// Declares a floating-point parameter accepting [min_value, max_value].
constexpr memfrag_param_info_t float_param(const char *name, const char *doc, double default_value,
                                           double min_value, double max_value) {
   memfrag_param_info_t info{};
   info.name = name;
   info.doc = doc;
   info.type = MEMFRAG_PARAM_FLOAT;
   info.default_value.as_float = default_value;
   info.min_float = min_value;
   info.max_float = max_value;
   return info;
}

// Declares a boolean parameter.
constexpr memfrag_param_info_t bool_param(const char *name, const char *doc, bool default_value) {
   memfrag_param_info_t info{};
   info.name = name;
   info.doc = doc;
   info.type = MEMFRAG_PARAM_BOOL;
   info.default_value.as_bool = default_value;
   return info;
}

// Declares a string parameter; `choices` is a NULL-terminated list of accepted values, or NULL
// to accept any string.
constexpr memfrag_param_info_t string_param(const char *name, const char *doc,
                                            const char *default_value,
                                            const char *const *choices = nullptr) {
   memfrag_param_info_t info{};
   info.name = name;
   info.doc = doc;
   info.type = MEMFRAG_PARAM_STRING;
   info.default_value.as_string = default_value;
   info.choices = choices;
   return info;
}

// The values the host passed for a declared schema, read by name. Valid only during the call
// that received it (the host owns the values and their strings): copy what must be kept.
// Reading a name the allocator did not declare, or with another type, is a bug in the allocator
// and throws std::logic_error (caught by the helper layer, which then fails the call).
class Params {
 public:
   Params(std::span<const memfrag_param_info_t> schema, const memfrag_instance_config_t &config)
       : schema_(schema), values_(values_of(schema, config)) {}

   int64_t integer(std::string_view name) const { return value(name, MEMFRAG_PARAM_INT).as_int; }
   double floating(std::string_view name) const {
      return value(name, MEMFRAG_PARAM_FLOAT).as_float;
   }
   bool boolean(std::string_view name) const { return value(name, MEMFRAG_PARAM_BOOL).as_bool; }
   std::string_view string(std::string_view name) const {
      return value(name, MEMFRAG_PARAM_STRING).as_string;
   }

 private:
   // The host passes one value per declared parameter; any other count means host and plugin
   // disagree on the schema, and no value can be trusted.
   static std::span<const memfrag_param_value_t>
   values_of(std::span<const memfrag_param_info_t> schema,
             const memfrag_instance_config_t &config) {
      if (config.param_count != schema.size()) {
         throw std::invalid_argument("the host passed a parameter count that differs from the "
                                     "declared schema");
      }
      if (config.param_count == 0) {
         return {};
      }
      return {config.params, config.param_count};
   }

   const memfrag_param_value_t &value(std::string_view name, int32_t type) const {
      for (std::size_t index = 0; index < schema_.size(); ++index) {
         if (name == schema_[index].name) {
            if (schema_[index].type != type) {
               throw std::logic_error("parameter read with a type other than its declared one");
            }
            return values_[index];
         }
      }
      throw std::logic_error("parameter read but never declared");
   }

   std::span<const memfrag_param_info_t> schema_;
   std::span<const memfrag_param_value_t> values_;
};

} // namespace memfrag::cpp
