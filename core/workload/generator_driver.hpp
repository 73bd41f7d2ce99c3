// The synthetic generator: each phase keeps the live frames inside its occupancy band,
// allocating below it, freeing above it and doing either with equal probability inside it.
#pragma once

#include "core/workload/driver.hpp"
#include "core/workload/generator_spec.hpp"

#include <cstdint>
#include <memory>

namespace memfrag::workload {

// Deterministic for `seed` and the sequence of allocation outcomes. Runs exactly each phase's
// ops. It reports no workload figures: everything it could count (ops, failures per phase,
// live frames) the host measures itself from the stream.
std::unique_ptr<Driver> make_generator_driver(const GeneratorSpec &spec, std::uint64_t seed);

// The generator split into `count` lanes: each lane runs every phase over its share of the
// region's frames and of each phase's operations, with a seed of its own, and uses its lane
// index as the cpu of its requests. One lane is make_generator_driver()'s stream.
std::unique_ptr<Lanes> make_generator_lanes(const GeneratorSpec &spec, std::uint64_t seed,
                                            std::uint32_t count);

} // namespace memfrag::workload
