#include "core/workload/trace/line_reader.hpp"

#include <cstring>

namespace memfrag::workload::trace {

namespace {
constexpr std::size_t kBufferSize = 1u << 20;
} // namespace

LineReader::LineReader(std::unique_ptr<ByteSource> source)
    : source_(std::move(source)), buffer_(kBufferSize) {
}

bool LineReader::next(std::string_view &line) {
   for (;;) {
      const char *start = buffer_.data() + begin_;
      const auto *newline = static_cast<const char *>(std::memchr(start, '\n', end_ - begin_));
      if (newline == nullptr && !exhausted_) {
         fill();
         continue;
      }
      if (newline == nullptr && begin_ == end_)
         return false;
      const std::size_t length =
          newline != nullptr ? static_cast<std::size_t>(newline - start) : end_ - begin_;
      begin_ += length + (newline != nullptr ? 1 : 0);
      line = std::string_view(start, length);
      if (!line.empty() && line.back() == '\r')
         line.remove_suffix(1);
      ++line_number_;
      return true;
   }
}

// Moves the unread tail to the front, grows the buffer for a line longer than it, and reads
// more; marks the reader exhausted when the source has nothing left.
void LineReader::fill() {
   std::memmove(buffer_.data(), buffer_.data() + begin_, end_ - begin_);
   end_ -= begin_;
   begin_ = 0;
   if (end_ == buffer_.size())
      buffer_.resize(buffer_.size() * 2);
   const std::size_t got = source_->read(buffer_.data() + end_, buffer_.size() - end_);
   end_ += got;
   exhausted_ = got == 0;
}

} // namespace memfrag::workload::trace
