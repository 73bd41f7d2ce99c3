// Seeded random alloc/free walks: occupancy kept between about 30% and 80%, mostly small orders
// with the odd large one, mixed request classes. The same seed gives the same request stream
// for the same outcomes, so a failure is reproduced with --seed.
#pragma once

#include "core/validate/checked_instance.hpp"

#include <cstdint>
#include <vector>

namespace memfrag::validate {

struct WalkSettings {
   std::uint64_t seed = 0;
   std::uint32_t steps = 20000;
   std::uint32_t validate_every = 1000; // steps between validate() calls; 0: never
   std::uint32_t cpu = 0;
};

// Runs the walk; returns the first frame of every block handed out, in order.
std::vector<std::uint64_t> random_walk(CheckedInstance &instance, const WalkSettings &settings);

} // namespace memfrag::validate
