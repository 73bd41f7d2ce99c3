// Validation of a NIC workload's [nic] table into a NicSpec.
#pragma once

#include "core/workload/generator_spec.hpp"
#include "core/workload/nic/nic_spec.hpp"
#include "core/workload/workload_schema.hpp"

#include <toml++/toml.h>

namespace memfrag::workload::nic {

// Keys of the [nic] table.
inline constexpr FieldSchema kNicFields[] = {
    {"backend", FieldKind::text},
    {"device", FieldKind::text},
    {"buffers", FieldKind::text},
    {"mtu", FieldKind::integer},
    {"contiguity", FieldKind::text},
    {"dma_map", FieldKind::text},
    {"interrupts", FieldKind::text},
    {"accept_stitched", FieldKind::boolean},
    {"rx_descriptors", FieldKind::integer},
    {"tx_descriptors", FieldKind::integer},
    {"pool_size", FieldKind::integer},
    {"packets", FieldKind::integer},
    {"rate_pps", FieldKind::integer},
    {"burst", FieldKind::number},
    {"line_gbps", FieldKind::number},
    {"sizes", FieldKind::weights},
    {"poll_us", FieldKind::integer},
    {"hold_us", FieldKind::integer},
    {"warmup_phases", FieldKind::integer},
    {"dma_probe", FieldKind::boolean},
};

// Reads `table` (the [nic] table, overrides applied) for a workload whose background load is
// `background`. Throws WorkloadError naming the file, line and key (or --set) for anything
// unknown, mistyped, out of range or inconsistent, an unknown backend among them.
NicSpec read_nic_spec(const toml::table &table, const GeneratorSpec &background);

} // namespace memfrag::workload::nic
