#include "core/results/fingerprint.hpp"

namespace memfrag::results {

const std::vector<std::string> &fingerprint_fields() {
   // What changes timings or the memory a run gets; hostnames and dates do not.
   static const std::vector<std::string> fields{"kernel",          "machine",      "cpu_model",
                                                "online_cpus",     "memory_total", "thp_mode",
                                                "base_page_bytes", "build_type"};
   return fields;
}

nlohmann::json environment_fingerprint(const nlohmann::json &environment) {
   nlohmann::json fingerprint = nlohmann::json::object();
   for (const std::string &field : fingerprint_fields())
      if (environment.is_object() && environment.contains(field))
         fingerprint[field] = environment[field];
   return fingerprint;
}

std::vector<std::string> fingerprint_differences(const nlohmann::json &environment_a,
                                                 const nlohmann::json &environment_b) {
   const nlohmann::json a = environment_fingerprint(environment_a);
   const nlohmann::json b = environment_fingerprint(environment_b);
   std::vector<std::string> differences;
   for (const std::string &field : fingerprint_fields()) {
      const nlohmann::json value_a = a.contains(field) ? a[field] : nlohmann::json(nullptr);
      const nlohmann::json value_b = b.contains(field) ? b[field] : nlohmann::json(nullptr);
      if (value_a != value_b)
         differences.push_back(field + ": " + value_a.dump() + " vs " + value_b.dump());
   }
   return differences;
}

} // namespace memfrag::results
