#include "core/workload/generator_spec_reader.hpp"

#include "core/workload/toml_fields.hpp"
#include "core/workload/workload_schema.hpp"

#include <charconv>
#include <limits>
#include <map>

namespace memfrag::workload {
namespace {

constexpr std::int64_t kMaxFrames = std::int64_t{1} << 40; // 4 PiB of 4 KiB frames
constexpr std::int64_t kMaxOps = 1'000'000'000'000;
constexpr std::int64_t kMaxOrder = 30;
constexpr std::int64_t kMaxSamples = 1'000'000;
constexpr std::int64_t kMaxWeight = 1'000'000'000;
constexpr std::int64_t kMaxShare = 1'000'000'000;

struct Weight {
   const toml::key *key;
   std::uint64_t value;
};

// `{ key = weight, ... }` with every weight an integer in 0..kMaxWeight, at least one non-zero.
std::vector<Weight> read_weights(const toml::node &node, const std::string &path) {
   const auto *table = node.as_table();
   if (table == nullptr) {
      fail_at(node.source(), path,
              "expected a table of weights like { key = 10, ... }, got " + describe_value(node));
   }
   std::vector<Weight> weights;
   std::uint64_t total = 0;
   for (const auto &[key, value] : *table) {
      auto weight = read_integer(value, key_path(path, key.str()), 0, kMaxWeight);
      weights.push_back({&key, static_cast<std::uint64_t>(weight)});
      total += static_cast<std::uint64_t>(weight);
   }
   if (total == 0) {
      fail_at(node.source(), path, "expected at least one non-zero weight");
   }
   return weights;
}

std::uint32_t order_of_key(const toml::key &key, const std::string &path, std::uint32_t max_order,
                           std::uint64_t frames) {
   std::string text(key.str());
   std::uint32_t order = 0;
   auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), order);
   bool canonical =
       error == std::errc{} && end == text.data() + text.size() && std::to_string(order) == text;
   if (!canonical || order > max_order) {
      fail_at(key.source(), key_path(path, text),
              "expected an order in 0.." + std::to_string(max_order) +
                  " (workload.max_order) as the key");
   }
   if ((std::uint64_t{1} << order) > frames) {
      fail_at(key.source(), key_path(path, text),
              "expected an order whose block fits the region of " + std::to_string(frames) +
                  " frames (workload.frames)");
   }
   return order;
}

std::vector<std::uint64_t> read_order_weights(const TableFields &fields,
                                              const GeneratorSpec &spec) {
   const auto *node = fields.find("orders");
   if (node == nullptr) {
      const bool sized = fields.find("frames") != nullptr || fields.find("bytes") != nullptr;
      return sized ? std::vector<std::uint64_t>{} : std::vector<std::uint64_t>{1}; // single frames
   }
   std::string path = fields.path_of("orders");
   std::vector<std::uint64_t> order_weights;
   for (const auto &weight : read_weights(*node, path)) {
      std::uint32_t order = order_of_key(*weight.key, path, spec.max_order, spec.frames);
      order_weights.resize(std::max<std::size_t>(order_weights.size(), order + 1));
      order_weights[order] = weight.value;
   }
   while (order_weights.back() == 0) {
      order_weights.pop_back();
   }
   return order_weights;
}

enum class SizeUnit : std::uint8_t { frames, bytes };

// A request size whose frames fit the smallest order holding them within workload.max_order and
// the region.
std::uint64_t checked_size(std::uint64_t size, const toml::source_region &where,
                           const std::string &path, SizeUnit unit, const GeneratorSpec &spec) {
   const std::uint64_t max_frames =
       std::min<std::uint64_t>(std::uint64_t{1} << spec.max_order, spec.frames);
   const std::uint64_t max_size = unit == SizeUnit::frames ? max_frames : max_frames * 4096;
   if (size == 0 || size > max_size) {
      fail_at(where, path,
              "expected a size in 1.." + std::to_string(max_size) +
                  (unit == SizeUnit::frames ? " frames" : " bytes") +
                  " (at most 2^workload.max_order frames, within workload.frames)");
   }
   return size;
}

std::uint64_t size_of_key(const toml::key &key, const std::string &path, SizeUnit unit,
                          const GeneratorSpec &spec) {
   std::string text(key.str());
   std::uint64_t size = 0;
   auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), size);
   bool canonical =
       error == std::errc{} && end == text.data() + text.size() && std::to_string(size) == text;
   if (!canonical) {
      fail_at(key.source(), key_path(path, text), "expected a size (an integer) as the key");
   }
   return checked_size(size, key.source(), key_path(path, text), unit, spec);
}

// `frames` or `bytes`: one size (`bytes = 9000`: every sized request of the phase has it) or a
// table of sizes and weights (`bytes = { 9000 = 3, 1500 = 1 }`).
std::map<std::uint64_t, std::uint64_t> read_size_weights(const TableFields &fields,
                                                         std::string_view key, SizeUnit unit,
                                                         const GeneratorSpec &spec) {
   const auto *node = fields.find(key);
   if (node == nullptr) {
      return {};
   }
   const std::string path = fields.path_of(key);
   std::map<std::uint64_t, std::uint64_t> weights;
   if (node->is_integer()) {
      const auto size = static_cast<std::uint64_t>(
          read_integer(*node, path, 1, std::numeric_limits<std::int64_t>::max()));
      weights[checked_size(size, node->source(), path, unit, spec)] = 1;
      return weights;
   }
   for (const auto &weight : read_weights(*node, path)) {
      weights[size_of_key(*weight.key, path, unit, spec)] = weight.value;
   }
   return weights;
}

std::array<std::uint64_t, 3> read_mobility_weights(const TableFields &fields) {
   std::array<std::uint64_t, 3> mobility_weights{0, 0, 1}; // movable, as most user data is
   const auto *node = fields.find("mobility");
   if (node == nullptr) {
      return mobility_weights;
   }
   std::string path = fields.path_of("mobility");
   if (const auto *table = node->as_table(); table != nullptr) {
      reject_unknown_keys(*table, path, kMobilityNames);
   }
   mobility_weights = {};
   for (const auto &weight : read_weights(*node, path)) {
      auto index = std::find(kMobilityNames.begin(), kMobilityNames.end(), weight.key->str());
      mobility_weights[static_cast<std::size_t>(index - kMobilityNames.begin())] = weight.value;
   }
   return mobility_weights;
}

void read_occupancy(const TableFields &fields, PhaseSpec &phase) {
   const auto *node = fields.find("occupancy");
   std::string path = fields.path_of("occupancy");
   const char *expected = "[low, high] with 0 <= low <= high <= 1 (fractions of the region)";
   if (node == nullptr) {
      fields.fail_missing("occupancy", expected);
   }
   const auto *band = node->as_array();
   if (band == nullptr || band->size() != 2) {
      fail_at(node->source(), path,
              std::string("expected ") + expected + ", got " + describe_value(*node) +
                  (band != nullptr ? " of " + std::to_string(band->size()) + " values" : ""));
   }
   phase.occupancy_low = read_number(*band->get(0), path + "[0]", 0, 1);
   phase.occupancy_high = read_number(*band->get(1), path + "[1]", 0, 1);
   if (phase.occupancy_low > phase.occupancy_high) {
      fail_at(node->source(), path,
              std::string("expected ") + expected + ", got low " +
                  number_text(phase.occupancy_low) + " > high " +
                  number_text(phase.occupancy_high));
   }
}

double read_share(const TableFields &fields) {
   double share = fields.number("share", 1.0, 0, kMaxShare);
   if (share == 0.0) {
      fail_at(fields.find("share")->source(), fields.path_of("share"),
              "expected a number greater than 0, got 0");
   }
   return share;
}

template <typename Enum>
Enum enum_choice(const TableFields &fields, std::string_view name,
                 const std::vector<std::string> &names) {
   auto chosen = fields.choice(name, names.front(), names);
   auto index = std::find(names.begin(), names.end(), chosen) - names.begin();
   return static_cast<Enum>(index);
}

void read_bursts(const TableFields &fields, const GeneratorSpec &spec, PhaseSpec &phase) {
   phase.burst_every = static_cast<std::uint64_t>(fields.integer("burst_every", 0, 0, kMaxOps));
   phase.burst_size = static_cast<std::uint64_t>(fields.integer("burst_size", 1, 1, kMaxOps));
   phase.burst_order = static_cast<std::uint32_t>(
       fields.integer("burst_order", 0, 0, static_cast<std::int64_t>(spec.max_order)));
   phase.burst_mobility = static_cast<std::uint32_t>(
       enum_choice<std::size_t>(fields, "burst_mobility", kMobilityNames));
   phase.burst_atomic = fields.boolean("burst_atomic", false);
}

PhaseSpec read_phase(const toml::table &table, std::size_t index, const GeneratorSpec &spec) {
   TableFields fields(table, "phase." + std::to_string(index), kPhaseFields);
   PhaseSpec phase;
   phase.name = fields.text("name", "phase-" + std::to_string(index));
   phase.share = read_share(fields);
   read_occupancy(fields, phase);
   phase.order_weights = read_order_weights(fields, spec);
   phase.frame_weights = read_size_weights(fields, "frames", SizeUnit::frames, spec);
   phase.byte_weights = read_size_weights(fields, "bytes", SizeUnit::bytes, spec);
   phase.mobility_weights = read_mobility_weights(fields);
   phase.atomic = fields.number("atomic", 0.0, 0, 1);
   phase.virt_ok = fields.number("virt_ok", 0.0, 0, 1);
   phase.lifetime = enum_choice<Lifetime>(fields, "lifetime", kLifetimeNames);
   phase.touch = enum_choice<Touch>(fields, "touch", kTouchNames);
   phase.kind = enum_choice<PhaseKind>(fields, "kind", kPhaseKindNames);
   phase.high = fields.number("high", 0.0, 0, 1);
   phase.noreclaim = fields.number("noreclaim", 0.0, 0, 1);
   phase.reread = fields.number("reread", 0.0, 0, 1);
   phase.retry = static_cast<std::uint64_t>(fields.integer("retry", 0, 0, kMaxOps));
   phase.attempt_every = static_cast<std::uint64_t>(fields.integer("attempt_every", 0, 0, kMaxOps));
   phase.attempt_order = static_cast<std::uint32_t>(
       fields.integer("attempt_order", 0, 0, static_cast<std::int64_t>(spec.max_order)));
   read_bursts(fields, spec, phase);
   return phase;
}

const toml::table &workload_table(const toml::table &root) {
   const auto *node = root.get("workload");
   if (node == nullptr) {
      fail_at(root.source(), "workload", "missing, expected a [workload] table");
   }
   if (!node->is_table()) {
      fail_at(node->source(), "workload",
              "expected a [workload] table, got " + describe_value(*node));
   }
   return *node->as_table();
}

void read_workload_keys(const toml::table &root, std::string_view default_name,
                        GeneratorSpec &spec) {
   TableFields fields(workload_table(root), "workload", kWorkloadFields);
   spec.name = fields.text("name", default_name);
   spec.description = fields.text("description", "");
   spec.frames = static_cast<std::uint64_t>(fields.integer("frames", {}, 1, kMaxFrames));
   spec.ops = static_cast<std::uint64_t>(fields.integer("ops", {}, 1, kMaxOps));
   spec.max_order = static_cast<std::uint32_t>(fields.integer("max_order", 10, 0, kMaxOrder));
   spec.samples = static_cast<std::uint32_t>(fields.integer("samples", 100, 0, kMaxSamples));
   spec.background_thread = fields.choice("background", "inline", kBackgroundNames) == "thread";
}

const toml::array &phase_array(const toml::table &root) {
   const char *expected = "at least one [[phase]] table";
   const auto *node = root.get("phase");
   if (node == nullptr) {
      fail_at(root.source(), "phase", std::string("missing, expected ") + expected);
   }
   const auto *phases = node->as_array();
   if (phases == nullptr || phases->empty()) {
      fail_at(node->source(), "phase",
              std::string("expected ") + expected + ", got " + describe_value(*node) +
                  (phases != nullptr ? " with no element" : ""));
   }
   return *phases;
}

void read_phases(const toml::table &root, GeneratorSpec &spec) {
   const auto &phases = phase_array(root);
   std::vector<double> shares;
   for (std::size_t index = 0; index < phases.size(); ++index) {
      const auto &node = *phases.get(index);
      if (!node.is_table()) {
         fail_at(node.source(), "phase." + std::to_string(index),
                 "expected a [[phase]] table, got " + describe_value(node));
      }
      spec.phases.push_back(read_phase(*node.as_table(), index, spec));
      shares.push_back(spec.phases.back().share);
   }
   auto phase_ops = split_ops(spec.ops, shares);
   for (std::size_t index = 0; index < phase_ops.size(); ++index) {
      spec.phases[index].ops = phase_ops[index];
   }
}

} // namespace

GeneratorSpec read_generator_spec(const toml::table &root, std::string_view default_name) {
   reject_unknown_keys(root, "", kTopLevelKeys);
   GeneratorSpec spec;
   read_workload_keys(root, default_name, spec);
   read_phases(root, spec);
   return spec;
}

} // namespace memfrag::workload
