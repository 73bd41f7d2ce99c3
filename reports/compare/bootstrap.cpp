#include "reports/compare/bootstrap.hpp"

#include "reports/summary.hpp"

#include <algorithm>
#include <cmath>
#include <random>

namespace memfrag::reports::compare {
namespace {

double resampled_median(const std::vector<double> &sample, std::mt19937_64 &generator) {
   std::uniform_int_distribution<std::size_t> pick(0, sample.size() - 1);
   std::vector<double> resample(sample.size());
   for (double &value : resample)
      value = sample[pick(generator)];
   return *median_of(std::move(resample));
}

double quantile_of_sorted(const std::vector<double> &sorted, double quantile) {
   const double position = quantile * static_cast<double>(sorted.size() - 1);
   const auto below = static_cast<std::size_t>(std::floor(position));
   const std::size_t above = std::min(below + 1, sorted.size() - 1);
   const double fraction = position - static_cast<double>(below);
   return sorted[below] + (sorted[above] - sorted[below]) * fraction;
}

} // namespace

std::optional<Interval> median_ratio_interval(const std::vector<double> &baseline,
                                              const std::vector<double> &candidate,
                                              const BootstrapSettings &settings) {
   if (baseline.empty() || candidate.empty() || settings.resamples == 0)
      return std::nullopt;
   std::mt19937_64 generator(settings.seed);
   std::vector<double> ratios;
   ratios.reserve(settings.resamples);
   for (std::uint32_t i = 0; i < settings.resamples; ++i) {
      const double base = resampled_median(baseline, generator);
      if (base <= 0)
         return std::nullopt;
      ratios.push_back(resampled_median(candidate, generator) / base);
   }
   std::sort(ratios.begin(), ratios.end());
   const double tail = (1.0 - settings.confidence) / 2.0;
   return Interval{quantile_of_sorted(ratios, tail), quantile_of_sorted(ratios, 1.0 - tail)};
}

} // namespace memfrag::reports::compare
