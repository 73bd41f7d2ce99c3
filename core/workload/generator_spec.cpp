#include "core/workload/generator_spec.hpp"

#include "core/workload/workload.hpp"
#include "core/workload/workload_schema.hpp"

#include <algorithm>
#include <cmath>
#include <memfrag/allocator.h>
#include <string>

namespace memfrag::workload {
namespace {

nlohmann::json order_weights_to_json(const std::vector<std::uint64_t> &weights) {
   // Only weighted orders: a file that spells out "3 = 0" means the same as one that omits it,
   // and the two must hash alike.
   auto orders = nlohmann::json::object();
   for (std::size_t order = 0; order < weights.size(); ++order) {
      if (weights[order] != 0) {
         orders[std::to_string(order)] = weights[order];
      }
   }
   return orders;
}

nlohmann::json mobility_weights_to_json(const std::array<std::uint64_t, 3> &weights) {
   auto mobility = nlohmann::json::object();
   for (std::size_t index = 0; index < weights.size(); ++index) {
      mobility[kMobilityNames[index]] = weights[index];
   }
   return mobility;
}

template <typename Enum>
Enum enum_from_name(const std::vector<std::string> &names, const std::string &name) {
   for (std::size_t index = 0; index < names.size(); ++index) {
      if (names[index] == name) {
         return static_cast<Enum>(index);
      }
   }
   throw WorkloadError("resolved workload: unknown value '" + name + "'");
}

nlohmann::json size_weights_to_json(const std::map<std::uint64_t, std::uint64_t> &weights) {
   auto sizes = nlohmann::json::object();
   for (const auto &[size, weight] : weights) {
      if (weight != 0) {
         sizes[std::to_string(size)] = weight;
      }
   }
   return sizes;
}

// Keys added after the first release appear only when they differ from their default, so that
// the resolved specifications of older files, and their hashes, stay the same.
void add_burst_keys(const PhaseSpec &phase, nlohmann::json &json) {
   if (phase.burst_every != 0) {
      json["burst_every"] = phase.burst_every;
   }
   if (phase.burst_size != 1) {
      json["burst_size"] = phase.burst_size;
   }
   if (phase.burst_order != 0) {
      json["burst_order"] = phase.burst_order;
   }
   if (phase.burst_mobility != MEMFRAG_MOBILITY_UNMOVABLE) {
      json["burst_mobility"] = kMobilityNames[phase.burst_mobility];
   }
   if (phase.burst_atomic) {
      json["burst_atomic"] = true;
   }
}

void read_burst_keys(const nlohmann::json &json, PhaseSpec &phase) {
   phase.burst_every = json.value("burst_every", std::uint64_t{0});
   phase.burst_size = json.value("burst_size", std::uint64_t{1});
   phase.burst_order = json.value("burst_order", std::uint32_t{0});
   phase.burst_mobility = static_cast<std::uint32_t>(
       enum_from_name<std::size_t>(kMobilityNames, json.value("burst_mobility", "unmovable")));
   phase.burst_atomic = json.value("burst_atomic", false);
}

void add_scenario_keys(const PhaseSpec &phase, nlohmann::json &json) {
   if (phase.kind != PhaseKind::churn) {
      json["kind"] = phase_kind_name(phase.kind);
   }
   const std::pair<const char *, double> numbers[] = {
       {"high", phase.high}, {"noreclaim", phase.noreclaim}, {"reread", phase.reread}};
   for (const auto &[key, value] : numbers) {
      if (value != 0.0) {
         json[key] = value;
      }
   }
   const std::pair<const char *, std::uint64_t> integers[] = {
       {"retry", phase.retry},
       {"attempt_every", phase.attempt_every},
       {"attempt_order", phase.attempt_order}};
   for (const auto &[key, value] : integers) {
      if (value != 0) {
         json[key] = value;
      }
   }
   add_burst_keys(phase, json);
   if (!phase.frame_weights.empty()) {
      json["frames"] = size_weights_to_json(phase.frame_weights);
   }
   if (!phase.byte_weights.empty()) {
      json["bytes"] = size_weights_to_json(phase.byte_weights);
   }
}

std::map<std::uint64_t, std::uint64_t> size_weights_from_json(const nlohmann::json &json,
                                                              const char *key) {
   std::map<std::uint64_t, std::uint64_t> weights;
   if (json.contains(key)) {
      for (const auto &[size_text, weight] : json.at(key).items()) {
         weights[std::stoull(size_text)] = weight.get<std::uint64_t>();
      }
   }
   return weights;
}

void read_scenario_keys(const nlohmann::json &json, PhaseSpec &phase) {
   phase.kind = enum_from_name<PhaseKind>(kPhaseKindNames, json.value("kind", "churn"));
   phase.high = json.value("high", 0.0);
   phase.noreclaim = json.value("noreclaim", 0.0);
   phase.reread = json.value("reread", 0.0);
   phase.retry = json.value("retry", std::uint64_t{0});
   phase.attempt_every = json.value("attempt_every", std::uint64_t{0});
   phase.attempt_order = json.value("attempt_order", std::uint32_t{0});
   read_burst_keys(json, phase);
   phase.frame_weights = size_weights_from_json(json, "frames");
   phase.byte_weights = size_weights_from_json(json, "bytes");
}

nlohmann::json phase_to_json(const PhaseSpec &phase) {
   nlohmann::json json = {
       {"name", phase.name},
       {"share", phase.share},
       {"ops", phase.ops},
       {"occupancy", {phase.occupancy_low, phase.occupancy_high}},
       {"orders", order_weights_to_json(phase.order_weights)},
       {"mobility", mobility_weights_to_json(phase.mobility_weights)},
       {"atomic", phase.atomic},
       {"virt_ok", phase.virt_ok},
       {"lifetime", lifetime_name(phase.lifetime)},
       {"touch", touch_name(phase.touch)},
   };
   add_scenario_keys(phase, json);
   return json;
}

PhaseSpec phase_from_json(const nlohmann::json &json) {
   PhaseSpec phase;
   phase.name = json.at("name").get<std::string>();
   phase.share = json.at("share").get<double>();
   phase.ops = json.at("ops").get<std::uint64_t>();
   phase.occupancy_low = json.at("occupancy").at(0).get<double>();
   phase.occupancy_high = json.at("occupancy").at(1).get<double>();
   for (const auto &[order_text, weight] : json.at("orders").items()) {
      std::size_t order = std::stoul(order_text);
      phase.order_weights.resize(std::max(phase.order_weights.size(), order + 1));
      phase.order_weights[order] = weight.get<std::uint64_t>();
   }
   for (std::size_t index = 0; index < kMobilityNames.size(); ++index) {
      phase.mobility_weights[index] = json.at("mobility").at(kMobilityNames[index]);
   }
   phase.atomic = json.at("atomic").get<double>();
   phase.virt_ok = json.at("virt_ok").get<double>();
   phase.lifetime = enum_from_name<Lifetime>(kLifetimeNames, json.at("lifetime"));
   phase.touch = enum_from_name<Touch>(kTouchNames, json.at("touch"));
   read_scenario_keys(json, phase);
   return phase;
}

// The driver draws from every distribution: each needs a weight to draw.
void require_drawable(const GeneratorSpec &spec) {
   auto has_weight = [](const auto &weights) {
      return std::any_of(weights.begin(), weights.end(), [](auto weight) { return weight != 0; });
   };
   if (spec.phases.empty()) {
      throw WorkloadError("resolved workload specification: no phases");
   }
   const auto has_size_weight = [](const std::map<std::uint64_t, std::uint64_t> &weights) {
      return std::any_of(weights.begin(), weights.end(),
                         [](const auto &entry) { return entry.second != 0; });
   };
   for (const auto &phase : spec.phases) {
      const bool sized = has_weight(phase.order_weights) || has_size_weight(phase.frame_weights) ||
                         has_size_weight(phase.byte_weights);
      if (!sized || !has_weight(phase.mobility_weights)) {
         throw WorkloadError("resolved workload specification: phase '" + phase.name +
                             "' has an empty order or mobility distribution");
      }
   }
}

} // namespace

const char *lifetime_name(Lifetime lifetime) {
   return kLifetimeNames[static_cast<std::size_t>(lifetime)].c_str();
}

const char *touch_name(Touch touch) {
   return kTouchNames[static_cast<std::size_t>(touch)].c_str();
}

const char *phase_kind_name(PhaseKind kind) {
   return kPhaseKindNames[static_cast<std::size_t>(kind)].c_str();
}

std::vector<std::uint64_t> split_ops(std::uint64_t ops, const std::vector<double> &shares) {
   double total_share = 0.0;
   for (double share : shares) {
      total_share += share;
   }
   std::vector<std::uint64_t> phase_ops;
   std::uint64_t assigned = 0;
   double shares_so_far = 0.0;
   for (std::size_t index = 0; index < shares.size(); ++index) {
      shares_so_far += shares[index];
      bool last = index + 1 == shares.size();
      auto end = last ? ops
                      : static_cast<std::uint64_t>(
                            std::floor(static_cast<double>(ops) * (shares_so_far / total_share)));
      end = std::min(std::max(end, assigned), ops);
      phase_ops.push_back(end - assigned);
      assigned = end;
   }
   return phase_ops;
}

nlohmann::json generator_spec_to_json(const GeneratorSpec &spec) {
   auto phases = nlohmann::json::array();
   for (const auto &phase : spec.phases) {
      phases.push_back(phase_to_json(phase));
   }
   nlohmann::json json = {
       {"kind", "generator"},     {"name", spec.name}, {"description", spec.description},
       {"frames", spec.frames},   {"ops", spec.ops},   {"max_order", spec.max_order},
       {"samples", spec.samples}, {"cpus", 1},         {"phases", phases},
   };
   if (spec.background_thread) {
      json["background"] = "thread";
   }
   return json;
}

GeneratorSpec generator_spec_from_json(const nlohmann::json &resolved) {
   try {
      GeneratorSpec spec;
      spec.name = resolved.at("name").get<std::string>();
      spec.description = resolved.at("description").get<std::string>();
      spec.frames = resolved.at("frames").get<std::uint64_t>();
      spec.ops = resolved.at("ops").get<std::uint64_t>();
      spec.max_order = resolved.at("max_order").get<std::uint32_t>();
      spec.samples = resolved.at("samples").get<std::uint32_t>();
      spec.background_thread = resolved.value("background", "inline") == "thread";
      for (const auto &phase : resolved.at("phases")) {
         spec.phases.push_back(phase_from_json(phase));
      }
      require_drawable(spec);
      return spec;
   } catch (const WorkloadError &) {
      throw;
   } catch (const std::exception &error) {
      // Written by an older or foreign memfrag, or edited by hand: say so instead of crashing.
      throw WorkloadError(std::string("resolved workload specification: ") + error.what());
   }
}

} // namespace memfrag::workload
