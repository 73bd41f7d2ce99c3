#include "core/workload/nic/nic_spec_reader.hpp"

#include "core/nic/backend.hpp"
#include "core/nic/descriptor_ring.hpp"
#include "core/support/suggest.hpp"
#include "core/workload/nic/traffic_plan.hpp"
#include "core/workload/toml_fields.hpp"

#include <charconv>

namespace memfrag::workload::nic {
namespace {

namespace device = memfrag::nic;

constexpr std::int64_t kMinMtu = 68;    // the IPv4 minimum
constexpr std::int64_t kMaxMtu = 16370; // a frame fills one 16 KiB buffer at most
constexpr std::int64_t kMaxCount = 1'000'000'000;
constexpr std::int64_t kMaxMicroseconds = 10'000'000;

// Fails at the key when the file (or --set) gave it, else at the [nic] table.
[[noreturn]] void fail_key(const TableFields &fields, std::string_view name,
                           std::string_view problem) {
   const toml::node *node = fields.find(name);
   fail_at(node != nullptr ? node->source() : fields.where(), fields.path_of(name), problem);
}

void read_backend(const TableFields &fields, NicSpec &spec) {
   spec.backend = fields.text("backend", "soft");
   spec.device = fields.text("device", "");
   const device::BackendInfo *backend = device::find_backend(spec.backend);
   if (backend == nullptr) {
      std::vector<std::string> names;
      for (const auto &info : device::backends()) {
         names.push_back(info.name);
      }
      fail_key(fields, "backend",
               "unknown NIC backend '" + spec.backend + "'" +
                   support::did_you_mean(spec.backend, names) +
                   "; this build has: " + device::backend_list());
   }
   if (backend->needs_device && spec.device.empty()) {
      fields.fail_missing("device", "the PCI address of the NIC the '" + spec.backend +
                                        "' backend drives, e.g. 0000:00:02.0");
   }
   if (!backend->needs_device && !spec.device.empty()) {
      fail_key(fields, "device",
               "the '" + spec.backend + "' backend drives no hardware: leave nic.device out");
   }
}

template <typename Enum>
Enum enum_choice(const TableFields &fields, std::string_view name, std::string_view fallback,
                 const std::vector<std::string> &names) {
   const std::string chosen = fields.choice(name, fallback, names);
   return static_cast<Enum>(std::find(names.begin(), names.end(), chosen) - names.begin());
}

// "auto": none for scatter-gather, iova otherwise (every backend of this build has an IOMMU).
void read_contiguity(const TableFields &fields, NicSpec &spec) {
   std::vector<std::string> names = kContiguityNames;
   names.insert(names.begin(), "auto");
   const std::string chosen = fields.choice("contiguity", "auto", names);
   const bool single_frames = spec.buffers == BufferPolicy::scatter_gather;
   if (chosen == "auto") {
      spec.contiguity = single_frames ? Contiguity::none : Contiguity::iova;
      return;
   }
   spec.contiguity =
       static_cast<Contiguity>(std::find(kContiguityNames.begin(), kContiguityNames.end(), chosen) -
                               kContiguityNames.begin());
   if (single_frames && spec.contiguity != Contiguity::none) {
      fail_key(fields, "contiguity",
               "scatter-gather buffers are single frames: expected 'none' or 'auto', got '" +
                   chosen + "'");
   }
   if (!single_frames && spec.contiguity == Contiguity::none) {
      fail_key(fields, "contiguity",
               std::string("'") + buffer_policy_name(spec.buffers) +
                   "' buffers hold a whole frame: expected 'iova', 'physical' or 'auto', got "
                   "'none'");
   }
}

void read_stitching(const TableFields &fields, NicSpec &spec) {
   spec.accept_stitched = fields.boolean("accept_stitched", false);
   const bool iommu_per_buffer =
       spec.contiguity == Contiguity::iova && spec.dma_map == DmaMapping::per_buffer;
   if (spec.accept_stitched && !iommu_per_buffer) {
      fail_key(fields, "accept_stitched",
               "stitched frames are contiguous only through an IOMMU mapping of their own: "
               "needs nic.contiguity = 'iova' and nic.dma_map = 'per-buffer'");
   }
}

void read_interrupts(const TableFields &fields, NicSpec &spec) {
   spec.interrupts = enum_choice<Interrupts>(fields, "interrupts", "poll", kInterruptsNames);
   if (spec.interrupts != Interrupts::poll && !device::find_backend(spec.backend)->needs_device) {
      fail_key(fields, "interrupts",
               "the '" + spec.backend +
                   "' backend acts within the register write and delivers no interrupt: "
                   "expected 'poll'");
   }
}

std::uint32_t read_ring(const TableFields &fields, std::string_view name, std::int64_t fallback) {
   const auto descriptors = static_cast<std::uint32_t>(
       fields.integer(name, fallback, device::kMinRingDescriptors, device::kMaxRingDescriptors));
   if (!device::valid_ring_length(descriptors)) {
      fail_key(fields, name,
               "expected a multiple of 8 descriptors (the ring length is a multiple of 128 "
               "bytes), got " +
                   std::to_string(descriptors));
   }
   return descriptors;
}

std::uint32_t size_of_key(const toml::key &key, const std::string &path, std::uint32_t largest) {
   const std::string text(key.str());
   if (text == "mtu") {
      return largest;
   }
   std::uint32_t bytes = 0;
   auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), bytes);
   if (error != std::errc{} || end != text.data() + text.size() || bytes < device::kMinFrameBytes ||
       bytes > largest) {
      fail_at(key.source(), key_path(path, text),
              "expected 'mtu' or a frame size in " + std::to_string(device::kMinFrameBytes) + ".." +
                  std::to_string(largest) + " bytes (the MTU plus the 14-byte header)");
   }
   return bytes;
}

void read_sizes(const TableFields &fields, NicSpec &spec) {
   const std::uint32_t largest = largest_frame_bytes(spec);
   const toml::node *node = fields.find("sizes");
   if (node == nullptr) {
      spec.sizes = {{largest, 1}};
      return;
   }
   const std::string path = fields.path_of("sizes");
   const toml::table *table = node->as_table();
   if (table == nullptr) {
      fail_at(node->source(), path,
              "expected a table of weights like { mtu = 9, 1514 = 1 }, got " +
                  describe_value(*node));
   }
   std::uint64_t total = 0;
   for (const auto &[key, value] : *table) {
      const auto weight = read_integer(value, key_path(path, key.str()), 0, kMaxCount);
      spec.sizes.push_back({size_of_key(key, path, largest), static_cast<std::uint64_t>(weight)});
      total += static_cast<std::uint64_t>(weight);
   }
   if (total == 0) {
      fail_at(node->source(), path, "expected at least one non-zero weight");
   }
}

void read_traffic(const TableFields &fields, NicSpec &spec) {
   spec.packets = static_cast<std::uint64_t>(fields.integer("packets", 20000, 1, kMaxCount));
   spec.rate_pps = static_cast<std::uint64_t>(fields.integer("rate_pps", 100000, 1, kMaxCount));
   spec.burst = fields.number("burst", 8.0, 1, 1'000'000);
   spec.line_gbps = fields.number("line_gbps", 10.0, 0, 100'000);
   if (spec.line_gbps <= 0.0) {
      fail_key(fields, "line_gbps", "expected a line rate above 0 Gb/s");
   }
   read_sizes(fields, spec);
   spec.poll_us = static_cast<std::uint64_t>(fields.integer("poll_us", 20, 1, kMaxMicroseconds));
   spec.hold_us = static_cast<std::uint64_t>(fields.integer("hold_us", 50, 0, kMaxMicroseconds));
   if (const double line_pps = line_rate_pps(spec);
       static_cast<double>(spec.rate_pps) >= line_pps) {
      fail_key(fields, "rate_pps",
               "expected fewer frames per second than the line carries at this size mix (" +
                   std::to_string(static_cast<std::uint64_t>(line_pps)) + " at " +
                   number_text(spec.line_gbps) + " Gb/s)");
   }
}

void check_region(const TableFields &fields, const NicSpec &spec, const GeneratorSpec &background) {
   const std::uint64_t needed = bring_up_frames(spec);
   if (needed > background.frames) {
      fail_at(fields.where(), "nic",
              "the rings and buffers of the interface need " + std::to_string(needed) +
                  " frames, the region has " + std::to_string(background.frames) +
                  " (workload.frames)");
   }
}

} // namespace

NicSpec read_nic_spec(const toml::table &table, const GeneratorSpec &background) {
   TableFields fields(table, "nic", kNicFields);
   NicSpec spec;
   read_backend(fields, spec);
   spec.buffers = enum_choice<BufferPolicy>(fields, "buffers", "contiguous", kBufferPolicyNames);
   spec.mtu = static_cast<std::uint32_t>(fields.integer("mtu", 9000, kMinMtu, kMaxMtu));
   read_contiguity(fields, spec);
   spec.dma_map = enum_choice<DmaMapping>(fields, "dma_map", "whole", kDmaMappingNames);
   read_stitching(fields, spec);
   read_interrupts(fields, spec);
   spec.rx_descriptors = read_ring(fields, "rx_descriptors", 256);
   spec.tx_descriptors = read_ring(fields, "tx_descriptors", 64);
   spec.pool_size = static_cast<std::uint32_t>(fields.integer("pool_size", 512, 1, kMaxCount));
   read_traffic(fields, spec);
   spec.warmup_phases = static_cast<std::uint32_t>(
       fields.integer("warmup_phases", 0, 0, static_cast<std::int64_t>(background.phases.size())));
   spec.dma_probe = fields.boolean("dma_probe", true);
   check_region(fields, spec, background);
   return spec;
}

} // namespace memfrag::workload::nic
