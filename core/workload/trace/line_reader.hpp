// Splits a byte stream into lines without copying them: each line is a view into a large buffer,
// valid until the next call.
#pragma once

#include "core/workload/trace/byte_source.hpp"

#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

namespace memfrag::workload::trace {

class LineReader {
 public:
   explicit LineReader(std::unique_ptr<ByteSource> source);

   // The next line without its '\n' (and without a trailing '\r'); false at the end.
   bool next(std::string_view &line);
   // 1-based number of the line last returned.
   std::uint64_t line_number() const { return line_number_; }
   const ByteSource &source() const { return *source_; }

 private:
   void fill();

   std::unique_ptr<ByteSource> source_;
   std::vector<char> buffer_;
   std::size_t begin_ = 0;
   std::size_t end_ = 0;
   bool exhausted_ = false;
   std::uint64_t line_number_ = 0;
};

} // namespace memfrag::workload::trace
