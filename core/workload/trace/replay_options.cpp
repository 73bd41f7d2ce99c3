#include "core/workload/trace/replay_options.hpp"

#include "core/support/suggest.hpp"

#include <charconv>
#include <functional>
#include <map>

namespace memfrag::workload::trace {

namespace {

constexpr std::uint32_t kHighestMaxOrder = 20;
constexpr std::uint32_t kMostCpus = 4096;

[[noreturn]] void reject(const Override &entry, const std::string &expected) {
   throw WorkloadError("--set " + entry.key + "=" + entry.value + ": expected " + expected);
}

std::uint64_t unsigned_value(const Override &entry, std::uint64_t low, std::uint64_t high) {
   std::uint64_t value = 0;
   const char *end = entry.value.data() + entry.value.size();
   auto [stop, error] = std::from_chars(entry.value.data(), end, value);
   if (error != std::errc{} || stop != end || value < low || value > high)
      reject(entry, "an integer from " + std::to_string(low) + " to " + std::to_string(high));
   return value;
}

double positive_value(const Override &entry) {
   try {
      std::size_t used = 0;
      const double value = std::stod(entry.value, &used);
      if (used == entry.value.size() && value > 0 && value < 1e9)
         return value;
   } catch (const std::exception &) {
   }
   reject(entry, "a positive number");
}

double share_value(const Override &entry) {
   if (entry.value == "0")
      return 0;
   const double value = positive_value(entry);
   if (value > 100)
      reject(entry, "a share from 0 to 100");
   return value;
}

bool bool_value(const Override &entry) {
   if (entry.value == "true" || entry.value == "1")
      return true;
   if (entry.value == "false" || entry.value == "0")
      return false;
   reject(entry, "true or false");
}

using Setter = std::function<void(ReplayOptions &, const Override &)>;

const std::map<std::string, Setter> &setters() {
   static const std::map<std::string, Setter> table = {
       {"trace.frames", [](auto &o, auto &e) { o.frames = unsigned_value(e, 1, 1ull << 40); }},
       {"workload.frames", [](auto &o, auto &e) { o.frames = unsigned_value(e, 1, 1ull << 40); }},
       {"trace.headroom", [](auto &o, auto &e) { o.headroom = share_value(e); }},
       {"workload.max_order",
        [](auto &o, auto &e) {
           o.max_order = static_cast<std::uint32_t>(unsigned_value(e, 0, kHighestMaxOrder));
        }},
       {"workload.samples",
        [](auto &o, auto &e) {
           o.samples = static_cast<std::uint32_t>(unsigned_value(e, 1, 100000));
        }},
       {"workload.name", [](auto &o, auto &e) { o.name = e.value; }},
       {"trace.cpus",
        [](auto &o, auto &e) {
           o.cpus = static_cast<std::uint32_t>(unsigned_value(e, 1, kMostCpus));
        }},
       {"workload.cpus",
        [](auto &o, auto &e) {
           o.cpus = static_cast<std::uint32_t>(unsigned_value(e, 1, kMostCpus));
        }},
       {"trace.seed_unseen", [](auto &o, auto &e) { o.seed_unseen = bool_value(e); }},
       {"trace.time",
        [](auto &o, auto &e) {
           if (e.value != "ignore" && e.value != "honour")
              reject(e, "ignore or honour");
           o.time = e.value == "honour" ? TimeMode::honour : TimeMode::ignore;
        }},
       {"trace.time_scale", [](auto &o, auto &e) { o.time_scale = positive_value(e); }},
       {"trace.strict", [](auto &o, auto &e) { o.strict = bool_value(e); }},
       {"trace.migratetypes",
        [](auto &o, auto &e) {
           o.numbering = numbering_from_name(e.value);
           if (!o.numbering)
              reject(e, "current or pre-4.4");
        }},
       {"trace.kernel",
        [](auto &o, auto &e) {
           if (!numbering_for_kernel(e.value))
              reject(e, "a kernel release such as 4.3.0 or 6.18.44");
           o.kernel = e.value;
        }},
   };
   return table;
}

std::vector<std::string> known_keys() {
   std::vector<std::string> keys;
   for (const auto &[key, setter] : setters())
      keys.push_back(key);
   return keys;
}

} // namespace

const char *time_mode_name(TimeMode mode) {
   return mode == TimeMode::honour ? "honour" : "ignore";
}

ReplayOptions parse_replay_options(const std::vector<Override> &overrides) {
   ReplayOptions options;
   for (const Override &entry : overrides) {
      const auto found = setters().find(entry.key);
      if (found == setters().end())
         throw WorkloadError("--set " + entry.key + ": not a trace workload setting" +
                             support::did_you_mean(entry.key, known_keys()));
      found->second(options, entry);
   }
   return options;
}

nlohmann::json options_to_json(const ReplayOptions &options) {
   nlohmann::json json = {
       {"frames_override", options.frames},
       {"headroom", options.headroom},
       {"max_order", options.max_order},
       {"samples", options.samples},
       {"cpus", options.cpus},
       {"seed_unseen", options.seed_unseen},
       {"time", time_mode_name(options.time)},
       {"time_scale", options.time_scale},
       {"strict", options.strict},
       {"kernel", options.kernel},
   };
   json["migratetypes_option"] = options.numbering ? numbering_name(*options.numbering) : "";
   return json;
}

ReplayOptions options_from_json(const nlohmann::json &resolved) {
   const nlohmann::json &json = resolved.at("options");
   ReplayOptions options;
   options.name = resolved.at("name").get<std::string>();
   options.frames = json.at("frames_override").get<std::uint64_t>();
   options.headroom = json.at("headroom").get<double>();
   options.max_order = json.at("max_order").get<std::uint32_t>();
   options.samples = json.at("samples").get<std::uint32_t>();
   options.cpus = json.at("cpus").get<std::uint32_t>();
   options.seed_unseen = json.at("seed_unseen").get<bool>();
   options.time =
       json.at("time").get<std::string>() == "honour" ? TimeMode::honour : TimeMode::ignore;
   options.time_scale = json.at("time_scale").get<double>();
   options.strict = json.at("strict").get<bool>();
   options.kernel = json.at("kernel").get<std::string>();
   options.numbering = numbering_from_name(json.at("migratetypes_option").get<std::string>());
   return options;
}

} // namespace memfrag::workload::trace
