// The generator's random numbers: xoshiro256** seeded through splitmix64, and integer-only
// sampling on top of it. The standard library's engines are portable but its distributions are
// not (each library maps bits to values its own way), so a seed would give different streams on
// different systems; everything here is plain integer arithmetic.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <vector>

namespace memfrag::workload {

class Xoshiro256 {
 public:
   explicit Xoshiro256(std::uint64_t seed) {
      // splitmix64 spreads any seed, 0 included, over a state that is never all zero.
      for (auto &word : state_) {
         seed += 0x9e3779b97f4a7c15ULL;
         std::uint64_t mixed = seed;
         mixed = (mixed ^ (mixed >> 30)) * 0xbf58476d1ce4e5b9ULL;
         mixed = (mixed ^ (mixed >> 27)) * 0x94d049bb133111ebULL;
         word = mixed ^ (mixed >> 31);
      }
   }

   std::uint64_t next() {
      std::uint64_t result = rotate_left(state_[1] * 5, 7) * 9;
      std::uint64_t shifted = state_[1] << 17;
      state_[2] ^= state_[0];
      state_[3] ^= state_[1];
      state_[1] ^= state_[2];
      state_[0] ^= state_[3];
      state_[2] ^= shifted;
      state_[3] = rotate_left(state_[3], 45);
      return result;
   }

 private:
   static std::uint64_t rotate_left(std::uint64_t value, int bits) {
      return (value << bits) | (value >> (64 - bits));
   }
   std::array<std::uint64_t, 4> state_{};
};

// A value in [0, bound) from 64 random bits: the high word of random * bound. Its bias, at most
// bound / 2^64, is far below anything a workload could show.
inline std::uint64_t uniform_below(std::uint64_t random, std::uint64_t bound) {
   __extension__ using Wide = unsigned __int128;
   return static_cast<std::uint64_t>((static_cast<Wide>(random) * bound) >> 64);
}

// A yes with probability `share`, fixed to 32 bits once so that each draw is one comparison.
class Chance {
 public:
   explicit Chance(double share) : threshold_(static_cast<std::uint64_t>(share * 4294967296.0)) {}
   bool draw(std::uint64_t random) const { return (random >> 32) < threshold_; }

 private:
   std::uint64_t threshold_;
};

// Picks an index with probability proportional to its weight (at least one is non-zero).
class WeightedChoice {
 public:
   explicit WeightedChoice(std::span<const std::uint64_t> weights) {
      std::uint64_t total = 0;
      for (auto weight : weights) {
         total += weight;
         cumulative_.push_back(total);
      }
   }

   // Counts the cumulative weights at or below the target instead of searching for it: with a
   // few entries a loop without an early exit costs no branch misprediction per draw.
   std::uint32_t pick(std::uint64_t random) const {
      std::uint64_t target = uniform_below(random, cumulative_.back());
      std::uint32_t index = 0;
      for (std::uint64_t bound : cumulative_) {
         index += bound <= target ? 1u : 0u;
      }
      return index;
   }

 private:
   std::vector<std::uint64_t> cumulative_;
};

} // namespace memfrag::workload
