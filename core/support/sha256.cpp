#include "core/support/sha256.hpp"

#include <bit>
#include <cstring>
#include <fstream>
#include <stdexcept>

namespace memfrag::support {
namespace {

constexpr std::array<std::uint32_t, 64> kRoundConstants = {
   0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
   0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
   0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
   0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
   0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
   0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
   0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
   0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

std::uint32_t load_big_endian(const std::uint8_t *bytes) {
   return (std::uint32_t{bytes[0]} << 24) | (std::uint32_t{bytes[1]} << 16) |
          (std::uint32_t{bytes[2]} << 8) | std::uint32_t{bytes[3]};
}

} // namespace

Sha256::Sha256()
   : state_{0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
            0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19} {}

void Sha256::compress(const std::uint8_t *block) {
   std::array<std::uint32_t, 64> schedule{};
   for (std::size_t i = 0; i < 16; ++i) {
      schedule[i] = load_big_endian(block + 4 * i);
   }
   for (std::size_t i = 16; i < 64; ++i) {
      std::uint32_t s0 = std::rotr(schedule[i - 15], 7) ^ std::rotr(schedule[i - 15], 18) ^
                         (schedule[i - 15] >> 3);
      std::uint32_t s1 = std::rotr(schedule[i - 2], 17) ^ std::rotr(schedule[i - 2], 19) ^
                         (schedule[i - 2] >> 10);
      schedule[i] = schedule[i - 16] + s0 + schedule[i - 7] + s1;
   }
   auto [a, b, c, d, e, f, g, h] = state_;
   for (std::size_t i = 0; i < 64; ++i) {
      std::uint32_t sum1 = std::rotr(e, 6) ^ std::rotr(e, 11) ^ std::rotr(e, 25);
      std::uint32_t choose = (e & f) ^ (~e & g);
      std::uint32_t t1 = h + sum1 + choose + kRoundConstants[i] + schedule[i];
      std::uint32_t sum0 = std::rotr(a, 2) ^ std::rotr(a, 13) ^ std::rotr(a, 22);
      std::uint32_t majority = (a & b) ^ (a & c) ^ (b & c);
      std::uint32_t t2 = sum0 + majority;
      h = g;
      g = f;
      f = e;
      e = d + t1;
      d = c;
      c = b;
      b = a;
      a = t1 + t2;
   }
   std::array<std::uint32_t, 8> rounds{a, b, c, d, e, f, g, h};
   for (std::size_t i = 0; i < 8; ++i) {
      state_[i] += rounds[i];
   }
}

void Sha256::update(const void *data, std::size_t size) {
   const auto *bytes = static_cast<const std::uint8_t *>(data);
   total_bytes_ += size;
   while (size > 0) {
      std::size_t take = std::min(size, buffer_.size() - buffered_);
      std::memcpy(buffer_.data() + buffered_, bytes, take);
      buffered_ += take;
      bytes += take;
      size -= take;
      if (buffered_ == buffer_.size()) {
         compress(buffer_.data());
         buffered_ = 0;
      }
   }
}

std::string Sha256::hex_digest() {
   std::uint64_t bit_length = total_bytes_ * 8;
   const std::uint8_t pad_start = 0x80;
   update(&pad_start, 1);
   const std::uint8_t zero = 0;
   while (buffered_ != 56) {
      update(&zero, 1);
   }
   std::array<std::uint8_t, 8> length_bytes{};
   for (std::size_t i = 0; i < 8; ++i) {
      length_bytes[i] = static_cast<std::uint8_t>(bit_length >> (56 - 8 * i));
   }
   update(length_bytes.data(), length_bytes.size());
   static constexpr char kHex[] = "0123456789abcdef";
   std::string out;
   for (std::uint32_t word : state_) {
      for (int shift = 28; shift >= 0; shift -= 4) {
         out.push_back(kHex[(word >> shift) & 0xf]);
      }
   }
   return out;
}

std::string sha256_hex(std::string_view text) {
   Sha256 hash;
   hash.update(text);
   return hash.hex_digest();
}

std::string sha256_file_hex(const std::filesystem::path &path) {
   std::ifstream in(path, std::ios::binary);
   if (!in) {
      throw std::runtime_error(path.string() + ": cannot open for hashing");
   }
   Sha256 hash;
   std::array<char, 1 << 16> chunk{};
   while (in) {
      in.read(chunk.data(), static_cast<std::streamsize>(chunk.size()));
      hash.update(chunk.data(), static_cast<std::size_t>(in.gcount()));
   }
   return hash.hex_digest();
}

} // namespace memfrag::support
