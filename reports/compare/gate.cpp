#include "reports/compare/gate.hpp"

#include "reports/run_groups.hpp"

#include <set>
#include <toml++/toml.h>

namespace memfrag::reports::compare {
namespace {

[[noreturn]] void refuse(const std::string &where, const std::string &why) {
   throw GateError("gate: " + where + ": " + why);
}

double number_at(const toml::node &node, const std::string &where) {
   if (const auto value = node.value<double>())
      return *value;
   refuse(where, "expected a number");
}

void check_known_keys(const toml::table &table, const std::set<std::string> &known,
                      const std::string &where) {
   for (const auto &[key, value] : table)
      if (!known.contains(std::string(key.str())))
         refuse(where + std::string(key.str()), "unknown key");
}

MetricRule read_rule(const toml::table &table, const std::string &where) {
   check_known_keys(table, {"threshold", "absolute", "ignore"}, where);
   MetricRule rule;
   if (const toml::node *threshold = table.get("threshold"))
      rule.threshold_percent = number_at(*threshold, where + "threshold");
   if (const toml::node *absolute = table.get("absolute"))
      rule.absolute = number_at(*absolute, where + "absolute");
   if (const toml::node *ignore = table.get("ignore")) {
      if (!ignore->is_boolean())
         refuse(where + "ignore", "expected true or false");
      rule.ignore = ignore->as_boolean()->get();
   }
   return rule;
}

void read_rules(const toml::table &metrics, GateSettings &settings) {
   for (const auto &[name, node] : metrics) {
      const std::string where = "metrics." + std::string(name.str()) + ".";
      if (!node.is_table())
         refuse(where, "expected a table such as { threshold = 10 }");
      settings.rules[std::string(name.str())] = read_rule(*node.as_table(), where);
   }
}

void read_top_level(const toml::table &table, GateSettings &settings) {
   check_known_keys(table,
                    {"alpha", "confidence", "min_repetitions", "bootstrap_resamples", "seed",
                     "timing_threshold", "deterministic_threshold", "metrics"},
                    "");
   const auto number = [&](const char *key, double fallback) {
      const toml::node *node = table.get(key);
      return node ? number_at(*node, key) : fallback;
   };
   settings.alpha = number("alpha", settings.alpha);
   settings.bootstrap.confidence = number("confidence", settings.bootstrap.confidence);
   settings.min_repetitions =
       static_cast<std::uint32_t>(number("min_repetitions", settings.min_repetitions));
   settings.bootstrap.resamples =
       static_cast<std::uint32_t>(number("bootstrap_resamples", settings.bootstrap.resamples));
   settings.bootstrap.seed =
       static_cast<std::uint64_t>(number("seed", static_cast<double>(settings.bootstrap.seed)));
   settings.timing_threshold_percent =
       number("timing_threshold", settings.timing_threshold_percent);
   settings.deterministic_threshold_percent =
       number("deterministic_threshold", settings.deterministic_threshold_percent);
   if (settings.alpha <= 0 || settings.alpha >= 1)
      refuse("alpha", "expected a number between 0 and 1");
   if (settings.bootstrap.confidence <= 0 || settings.bootstrap.confidence >= 1)
      refuse("confidence", "expected a number between 0 and 1");
}

} // namespace

MetricRule rule_for(const GateSettings &settings, const Metric &metric) {
   if (const auto by_key = settings.rules.find(metric_key(metric)); by_key != settings.rules.end())
      return by_key->second;
   if (const auto by_name = settings.rules.find(metric.name); by_name != settings.rules.end())
      return by_name->second;
   return MetricRule{metric.deterministic ? settings.deterministic_threshold_percent
                                          : settings.timing_threshold_percent,
                     std::nullopt, false};
}

void read_gate_file(const std::filesystem::path &path, GateSettings &settings) {
   toml::table table;
   try {
      table = toml::parse_file(path.string());
   } catch (const toml::parse_error &error) {
      throw GateError("gate: " + path.string() + ": " + std::string(error.description()));
   }
   try {
      read_top_level(table, settings);
      if (const toml::node *metrics = table.get("metrics")) {
         if (!metrics->is_table())
            refuse("metrics", "expected a table");
         read_rules(*metrics->as_table(), settings);
      }
   } catch (const GateError &error) {
      throw GateError(path.string() + ": " + error.what());
   }
}

void apply_threshold_flag(const std::string &flag, GateSettings &settings) {
   const std::size_t equals = flag.find('=');
   if (equals == std::string::npos || equals == 0)
      throw GateError("--threshold " + flag + ": expected METRIC=PERCENT");
   try {
      std::size_t used = 0;
      const std::string number = flag.substr(equals + 1);
      const double percent = std::stod(number, &used);
      if (used != number.size())
         throw std::invalid_argument(number);
      settings.rules[flag.substr(0, equals)].threshold_percent = percent;
   } catch (const std::logic_error &) {
      throw GateError("--threshold " + flag + ": expected METRIC=PERCENT");
   }
}

} // namespace memfrag::reports::compare
