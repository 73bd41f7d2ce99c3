// "Did you mean ...?" for mistyped names: keys, parameters, plugins, workloads.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace memfrag::support {

// Levenshtein distance between two strings.
std::size_t edit_distance(std::string_view a, std::string_view b);

// The candidate closest to `word`, if one is close enough to be a plausible typo (distance at
// most a third of the word's length, and at least 1 allowed).
std::optional<std::string> nearest(std::string_view word, const std::vector<std::string> &candidates);

// " (did you mean 'x'?)" or "" when nothing is close: to append to an error message.
std::string did_you_mean(std::string_view word, const std::vector<std::string> &candidates);

} // namespace memfrag::support
