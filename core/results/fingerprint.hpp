// The environment fingerprint: the few fields of a document's environment that decide whether
// two documents' timings can be compared (`memfrag compare` says "not comparable" when they
// differ) and whether shards ran alike (`memfrag merge` warns). Defined here only.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace memfrag::results {

// Names of the fingerprint's fields, in the order they are reported.
const std::vector<std::string> &fingerprint_fields();

// {field: value} for each fingerprint field the environment has.
nlohmann::json environment_fingerprint(const nlohmann::json &environment);

// "cpu_model: \"A\" vs \"B\"" for each field whose values differ (a missing field is null).
std::vector<std::string> fingerprint_differences(const nlohmann::json &environment_a,
                                                 const nlohmann::json &environment_b);

} // namespace memfrag::results
