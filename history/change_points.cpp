#include "history/change_points.hpp"

#include <cmath>
#include <limits>

namespace memfrag::history {
namespace {

struct Reference {
   double mean = 0, stddev = 0;
};

Reference reference_of(const std::vector<double> &values, std::size_t begin, std::size_t end) {
   const auto count = static_cast<double>(end - begin);
   double sum = 0;
   for (std::size_t i = begin; i < end; ++i)
      sum += values[i];
   const double mean = sum / count;
   double squares = 0;
   for (std::size_t i = begin; i < end; ++i)
      squares += (values[i] - mean) * (values[i] - mean);
   return {mean, count > 1 ? std::sqrt(squares / (count - 1)) : 0.0};
}

double z_score(double value, const Reference &reference) {
   if (reference.stddev > 0)
      return (value - reference.mean) / reference.stddev;
   if (value == reference.mean)
      return 0;
   return value > reference.mean ? std::numeric_limits<double>::infinity()
                                 : -std::numeric_limits<double>::infinity();
}

ChangeJudgement judge_one(const std::vector<double> &values, std::size_t index,
                          bool higher_is_better, const ChangePointSettings &settings) {
   if (index < settings.min_history)
      return {std::nullopt, Change::not_enough_history};
   const std::size_t begin = index > settings.lookback ? index - settings.lookback : 0;
   const double z = z_score(values[index], reference_of(values, begin, index));
   if (std::abs(z) <= settings.z_threshold)
      return {z, Change::none};
   const bool worse = higher_is_better ? z < 0 : z > 0;
   return {z, worse ? Change::regression : Change::improvement};
}

} // namespace

const char *change_name(Change change) {
   switch (change) {
   case Change::none:
      return "";
   case Change::regression:
      return "regression";
   case Change::improvement:
      return "improvement";
   case Change::not_enough_history:
      return "(history too short)";
   }
   return "";
}

std::vector<ChangeJudgement> judge_changes(const std::vector<double> &values, bool higher_is_better,
                                           const ChangePointSettings &settings) {
   std::vector<ChangeJudgement> judgements;
   for (std::size_t index = 0; index < values.size(); ++index)
      judgements.push_back(judge_one(values, index, higher_is_better, settings));
   return judgements;
}

} // namespace memfrag::history
