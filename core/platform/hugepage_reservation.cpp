#include "core/platform/hugepage_reservation.hpp"

#include <fstream>
#include <regex>
#include <stdexcept>

#include "core/platform/backing.hpp"

namespace memfrag::platform {
namespace {

std::uint64_t read_pool(const std::string &file) {
   std::ifstream in(file);
   std::uint64_t pages = 0;
   if (!(in >> pages)) {
      throw std::runtime_error("cannot read " + file + " (no such huge-page pool?)");
   }
   return pages;
}

void write_pool(const std::string &file, std::uint64_t pages) {
   std::ofstream out(file);
   out << pages << '\n';
   out.flush();
   if (!out) {
      throw std::runtime_error("cannot write " + file + " (reserving huge pages needs root)");
   }
}

} // namespace

std::optional<HugepageAsk> parse_hugepage_ask(const std::string &text) {
   static const std::regex pattern(R"(^([0-9]{1,9})(:(2m|1g))?(@([0-9]{1,4}))?$)",
                                   std::regex::icase);
   std::smatch match;
   if (!std::regex_match(text, match, pattern)) {
      return std::nullopt;
   }
   HugepageAsk ask;
   ask.pages = std::stoull(match[1].str());
   if (match[3].matched && (match[3].str() == "1g" || match[3].str() == "1G")) {
      ask.page_bytes = std::uint64_t{1} << 30;
   }
   if (match[5].matched) {
      ask.node = static_cast<unsigned>(std::stoul(match[5].str()));
   }
   return ask;
}

HugepageReservation::HugepageReservation(const HugepageAsk &ask)
   : pool_file_(hugepage_pool_dir(ask.page_bytes, ask.node) + "/nr_hugepages"),
     previous_(read_pool(pool_file_)) {
   const std::uint64_t free_now = free_hugepages(ask.page_bytes, ask.node);
   pool_ = previous_ + (ask.pages > free_now ? ask.pages - free_now : 0);
   if (pool_ == previous_) {
      return;
   }
   write_pool(pool_file_, pool_);
   const std::uint64_t free_after = free_hugepages(ask.page_bytes, ask.node);
   if (free_after < ask.pages) {
      write_pool(pool_file_, previous_);
      throw std::runtime_error("asked the kernel for " + std::to_string(ask.pages) +
                               " free huge pages in " + pool_file_ + " but it found only " +
                               std::to_string(free_after) +
                               " (memory too fragmented or too small); pool restored to " +
                               std::to_string(previous_));
   }
}

HugepageReservation::~HugepageReservation() {
   if (pool_ == previous_) {
      return;
   }
   try {
      write_pool(pool_file_, previous_);
   } catch (const std::exception &) {
      // A destructor must not throw; the pool then keeps the pages, which doctor shows.
   }
}

} // namespace memfrag::platform
