#include "reports/compare/mann_whitney.hpp"

#include <algorithm>
#include <cmath>
#include <map>

namespace memfrag::reports::compare {
namespace {

constexpr std::size_t kExactLimit = 20;

double u_statistic(const std::vector<double> &x, const std::vector<double> &y) {
   double u = 0;
   for (double a : x)
      for (double b : y)
         u += a > b ? 1.0 : (a == b ? 0.5 : 0.0);
   return u;
}

bool has_ties(const std::vector<double> &x, const std::vector<double> &y) {
   std::vector<double> all(x);
   all.insert(all.end(), y.begin(), y.end());
   std::sort(all.begin(), all.end());
   return std::adjacent_find(all.begin(), all.end()) != all.end();
}

// How many of the C(m+n, m) equally likely rank arrangements give each U, by the recurrence
// N(m, n, u) = N(m-1, n, u-n) + N(m, n-1, u): the largest value belongs to x or to y.
std::vector<double> u_frequencies(std::size_t m, std::size_t n) {
   // counts[j][u] for the current m and every n' = j <= n.
   std::vector<std::vector<double>> counts(n + 1, std::vector<double>(m * n + 1, 0.0));
   for (std::size_t j = 0; j <= n; ++j)
      counts[j][0] = 1; // m = 0: U is 0
   for (std::size_t i = 1; i <= m; ++i) {
      std::vector<std::vector<double>> next(n + 1, std::vector<double>(m * n + 1, 0.0));
      next[0][0] = 1; // n' = 0: U is 0
      for (std::size_t j = 1; j <= n; ++j)
         for (std::size_t u = 0; u <= i * j; ++u)
            next[j][u] = (u >= j ? counts[j][u - j] : 0.0) + next[j - 1][u];
      counts = std::move(next);
   }
   return counts[n];
}

MannWhitney exact_test(double u, std::size_t m, std::size_t n) {
   const std::vector<double> frequencies = u_frequencies(m, n);
   double total = 0, at_least = 0, at_most = 0;
   for (std::size_t value = 0; value < frequencies.size(); ++value) {
      total += frequencies[value];
      at_least += static_cast<double>(value) >= u ? frequencies[value] : 0.0;
      at_most += static_cast<double>(value) <= u ? frequencies[value] : 0.0;
   }
   return {u, at_least / total, at_most / total, true};
}

double tie_term(const std::vector<double> &x, const std::vector<double> &y) {
   std::map<double, double> sizes;
   for (double value : x)
      ++sizes[value];
   for (double value : y)
      ++sizes[value];
   double sum = 0;
   for (const auto &[value, size] : sizes)
      sum += size * size * size - size;
   return sum;
}

double upper_tail(double z) {
   return 0.5 * std::erfc(z / std::sqrt(2.0));
}

MannWhitney normal_test(double u, const std::vector<double> &x, const std::vector<double> &y) {
   const auto m = static_cast<double>(x.size()), n = static_cast<double>(y.size());
   const double total = m + n;
   const double variance = m * n / 12.0 * ((total + 1) - tie_term(x, y) / (total * (total - 1)));
   if (variance <= 0)
      return {u, 1.0, 1.0, false};
   const double mean = m * n / 2.0, sd = std::sqrt(variance);
   return {u, upper_tail((u - mean - 0.5) / sd), upper_tail((mean - u - 0.5) / sd), false};
}

} // namespace

MannWhitney mann_whitney(const std::vector<double> &x, const std::vector<double> &y) {
   if (x.empty() || y.empty())
      return {};
   const double u = u_statistic(x, y);
   if (x.size() <= kExactLimit && y.size() <= kExactLimit && !has_ties(x, y))
      return exact_test(u, x.size(), y.size());
   return normal_test(u, x, y);
}

} // namespace memfrag::reports::compare
