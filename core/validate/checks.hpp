// The conformance checks, one function each (registry.cpp lists them with their names and
// prerequisites). Each runs in a child process of its own and throws CheckFailed or
// CheckSkipped; its return value says what was checked.
#pragma once

#include "core/validate/check.hpp"

#include <string>

namespace memfrag::validate {

// checks_loading.cpp
std::string check_loads(const CheckContext &context);
std::string check_exports(const CheckContext &context);
std::string check_descriptor(const CheckContext &context);
// checks_lifecycle.cpp
std::string check_create_destroy(const CheckContext &context);
std::string check_leak(const CheckContext &context);
// checks_contract.cpp
std::string check_contract(const CheckContext &context);
std::string check_determinism(const CheckContext &context);
std::string check_drain(const CheckContext &context);
std::string check_odd_regions(const CheckContext &context);
// checks_memory.cpp
std::string check_metadata_bounds(const CheckContext &context);
std::string check_frame_memory(const CheckContext &context);
// checks_params.cpp
std::string check_bad_params(const CheckContext &context);
// checks_concurrency.cpp
std::string check_concurrency(const CheckContext &context);
// checks_exact.cpp
std::string check_exact_size(const CheckContext &context);

} // namespace memfrag::validate
