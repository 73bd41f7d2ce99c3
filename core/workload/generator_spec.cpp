#include "core/workload/generator_spec.hpp"

#include "core/workload/workload.hpp"
#include "core/workload/workload_schema.hpp"

#include <algorithm>
#include <cmath>
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

nlohmann::json phase_to_json(const PhaseSpec &phase) {
   return {
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
   for (const auto &phase : spec.phases) {
      if (!has_weight(phase.order_weights) || !has_weight(phase.mobility_weights)) {
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
   return {
       {"kind", "generator"},     {"name", spec.name}, {"description", spec.description},
       {"frames", spec.frames},   {"ops", spec.ops},   {"max_order", spec.max_order},
       {"samples", spec.samples}, {"cpus", 1},         {"phases", phases},
   };
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
