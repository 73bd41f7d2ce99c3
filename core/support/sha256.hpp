// SHA-256 (FIPS 180-4), for provenance: plugin files and workload specifications.
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

namespace memfrag::support {

class Sha256 {
 public:
   Sha256();
   void update(const void *data, std::size_t size);
   void update(std::string_view text) { update(text.data(), text.size()); }
   // Lower-case hex digest; the object must not be updated afterwards.
   std::string hex_digest();

 private:
   void compress(const std::uint8_t *block);
   std::array<std::uint32_t, 8> state_;
   std::array<std::uint8_t, 64> buffer_{};
   std::size_t buffered_ = 0;
   std::uint64_t total_bytes_ = 0;
};

std::string sha256_hex(std::string_view text);
// Throws std::runtime_error when the file cannot be read.
std::string sha256_file_hex(const std::filesystem::path &path);

} // namespace memfrag::support
