// Every conformance check, in the order memfrag validate runs them.
#pragma once

#include <string_view>
#include <vector>

#include "core/validate/check.hpp"

namespace memfrag::validate {

const std::vector<Check> &all_checks();

// The check named `name`, or null.
const Check *find_check(std::string_view name);

} // namespace memfrag::validate
