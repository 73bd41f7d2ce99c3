// Where a C++ allocator's validate() describes the first broken invariant, written straight into
// the caller's buffer so that validating allocates nothing.
#pragma once

#include <cstdarg>
#include <cstddef>
#include <cstdio>

namespace memfrag::cpp {

class Diagnostic {
 public:
   Diagnostic(char *message, std::size_t capacity) noexcept
       : message_(message), capacity_(capacity) {
      if (capacity_ > 0) {
         message_[0] = '\0';
      }
   }

   // Records the broken invariant as one printf-formatted line (truncated to the caller's
   // capacity) and returns false, so a check reads `return diagnostic.fail(...)`. Only the first
   // failure is kept: it is the one the later ones most likely follow from.
   [[gnu::format(printf, 2, 3)]] bool fail(const char *format, ...) noexcept {
      if (!failed_ && capacity_ > 0) {
         va_list arguments;
         va_start(arguments, format);
         std::vsnprintf(message_, capacity_, format, arguments);
         va_end(arguments);
      }
      failed_ = true;
      return false;
   }

   bool failed() const noexcept { return failed_; }

 private:
   char *message_;
   std::size_t capacity_;
   bool failed_ = false;
};

} // namespace memfrag::cpp
