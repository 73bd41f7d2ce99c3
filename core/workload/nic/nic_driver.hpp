// The NIC harness as a workload driver: the operation stream of a network interface brought up
// on the region, receiving loopback traffic while the background load of the rest of the system
// (a generator) runs alongside. In simulated time: frames arrive, the driver polls at most once
// per interrupt-moderation interval, takes received frames off the ring, hands them to the
// stack (which frees their buffers when it is done with them, or page-pool recycles them) and
// refills the ring with atomic requests, stopping at the first that fails.
#pragma once

#include "core/workload/driver.hpp"
#include "core/workload/generator_spec.hpp"
#include "core/workload/nic/nic_spec.hpp"

#include <cstdint>
#include <memory>

namespace memfrag::workload::nic {

// Deterministic for `seed` and the sequence of allocation outcomes, with the soft backend. The
// device is made when the engine binds the region's memory.
std::unique_ptr<Driver> make_nic_driver(const GeneratorSpec &background, const NicSpec &spec,
                                        std::uint64_t seed);

} // namespace memfrag::workload::nic
