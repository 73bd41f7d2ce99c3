// Every conformance check, in the order memfrag validate runs them.
#pragma once

#include "core/validate/check.hpp"

#include <string_view>
#include <vector>

namespace memfrag::validate {

const std::vector<Check> &all_checks();

// The check named `name`, or null.
const Check *find_check(std::string_view name);

} // namespace memfrag::validate
