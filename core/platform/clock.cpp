#include "core/platform/clock.hpp"

#include <time.h>

#include <thread>

namespace memfrag::platform {
namespace {

std::uint64_t read_clock_ns(clockid_t clock) {
   timespec now{};
   clock_gettime(clock, &now);
   return static_cast<std::uint64_t>(now.tv_sec) * 1'000'000'000u +
          static_cast<std::uint64_t>(now.tv_nsec);
}

double calibrate_ns_per_tick() {
   constexpr auto kCalibrationSpan = std::chrono::milliseconds(20);
   std::uint64_t wall_start = wall_ns();
   std::uint64_t tick_start = ticks();
   std::this_thread::sleep_for(kCalibrationSpan);
   std::uint64_t wall_elapsed = wall_ns() - wall_start;
   std::uint64_t tick_elapsed = ticks() - tick_start;
   return tick_elapsed == 0 ? 1.0
                            : static_cast<double>(wall_elapsed) / static_cast<double>(tick_elapsed);
}

} // namespace

std::uint64_t wall_ns() { return read_clock_ns(CLOCK_MONOTONIC); }
std::uint64_t process_cpu_ns() { return read_clock_ns(CLOCK_PROCESS_CPUTIME_ID); }
std::uint64_t thread_cpu_ns() { return read_clock_ns(CLOCK_THREAD_CPUTIME_ID); }

double ns_per_tick() {
   static const double factor = calibrate_ns_per_tick();
   return factor;
}

} // namespace memfrag::platform
