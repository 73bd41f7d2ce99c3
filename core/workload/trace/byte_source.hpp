// Bytes of a trace file, decompressed on the fly: zstd, gzip and xz are recognised by their magic
// bytes, anything else is read as it is. "-" reads standard input. Nothing is written to disk.
#pragma once

#include <cstddef>
#include <memory>
#include <stdexcept>
#include <string>

namespace memfrag::workload::trace {

class TraceReadError : public std::runtime_error {
 public:
   using std::runtime_error::runtime_error;
};

enum class Compression { none, zstd, gzip, xz };
const char *compression_name(Compression compression);

class ByteSource {
 public:
   virtual ~ByteSource() = default;
   // Reads up to `capacity` bytes into `buffer`; returns 0 only at the end of the stream.
   // Throws TraceReadError.
   virtual std::size_t read(char *buffer, std::size_t capacity) = 0;
   virtual Compression compression() const = 0;
};

// Opens `path` ("-" for stdin) and detects its compression. Throws TraceReadError.
std::unique_ptr<ByteSource> open_byte_source(const std::string &path);

// The compression `head` (the first bytes of a stream) announces.
Compression detect_compression(const unsigned char *head, std::size_t size);

} // namespace memfrag::workload::trace
