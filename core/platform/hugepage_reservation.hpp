// Reserving huge pages for the duration of a session, through sysfs (root only). The pool's
// previous size is restored when the reservation ends, also after a failure or an interrupt.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace memfrag::platform {

struct HugepageAsk {
   std::uint64_t pages = 0;
   std::uint64_t page_bytes = std::uint64_t{2} << 20;
   std::optional<unsigned> node; // the whole machine when absent
};

// Parses "N[:2m|1g][@node]"; nullopt when malformed.
std::optional<HugepageAsk> parse_hugepage_ask(const std::string &text);

class HugepageReservation {
 public:
   // Grows the pool until `ask.pages` huge pages are free in it. Throws std::runtime_error
   // saying what was obtained when the kernel cannot find them (the pool is then restored).
   explicit HugepageReservation(const HugepageAsk &ask);
   ~HugepageReservation();
   HugepageReservation(const HugepageReservation &) = delete;
   HugepageReservation &operator=(const HugepageReservation &) = delete;

   std::uint64_t previous_pool() const { return previous_; }
   std::uint64_t pool() const { return pool_; }

 private:
   std::string pool_file_;
   std::uint64_t previous_ = 0;
   std::uint64_t pool_ = 0;
};

} // namespace memfrag::platform
