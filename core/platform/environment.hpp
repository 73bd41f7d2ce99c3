// The machine a run happened on, recorded in every results document.
#pragma once

#include <nlohmann/json.hpp>

namespace memfrag::platform {

// Kernel, CPU model and count, memory, transparent huge page mode, build: facts that decide
// whether two results documents are comparable.
nlohmann::json environment_basics();

} // namespace memfrag::platform
