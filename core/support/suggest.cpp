#include "core/support/suggest.hpp"

#include <algorithm>
#include <numeric>

namespace memfrag::support {

std::size_t edit_distance(std::string_view a, std::string_view b) {
   std::vector<std::size_t> row(b.size() + 1);
   std::iota(row.begin(), row.end(), std::size_t{0});
   for (std::size_t i = 1; i <= a.size(); ++i) {
      std::size_t diagonal = row[0];
      row[0] = i;
      for (std::size_t j = 1; j <= b.size(); ++j) {
         std::size_t above = row[j];
         std::size_t substitution = diagonal + (a[i - 1] == b[j - 1] ? 0 : 1);
         row[j] = std::min({above + 1, row[j - 1] + 1, substitution});
         diagonal = above;
      }
   }
   return row[b.size()];
}

std::optional<std::string> nearest(std::string_view word, const std::vector<std::string> &candidates) {
   std::size_t allowed = std::max<std::size_t>(1, word.size() / 3);
   std::optional<std::string> best;
   std::size_t best_distance = allowed + 1;
   for (const auto &candidate : candidates) {
      std::size_t distance = edit_distance(word, candidate);
      if (distance < best_distance) {
         best_distance = distance;
         best = candidate;
      }
   }
   return best;
}

std::string did_you_mean(std::string_view word, const std::vector<std::string> &candidates) {
   auto best = nearest(word, candidates);
   return best ? " (did you mean '" + *best + "'?)" : std::string{};
}

} // namespace memfrag::support
