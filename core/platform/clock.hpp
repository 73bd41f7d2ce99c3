// Clocks: a cheap cycle counter for per-operation latency, converted to nanoseconds with a
// calibrated factor, and monotonic wall and CPU time for whole runs.
#pragma once

#include <cstdint>

#if defined(__x86_64__) || defined(__i386__)
#include <x86intrin.h>
#endif

namespace memfrag::platform {

// Monotonic wall clock in nanoseconds.
std::uint64_t wall_ns();
// CPU time consumed by the calling process, in nanoseconds.
std::uint64_t process_cpu_ns();
// CPU time consumed by the calling thread, in nanoseconds.
std::uint64_t thread_cpu_ns();

// Ticks of the fastest monotonic counter available: the TSC on x86 (about 10 ns per read on
// the reference machines against 23 ns for clock_gettime, which matters when every operation is
// timed), the monotonic clock in nanoseconds elsewhere.
inline std::uint64_t ticks() {
#if defined(__x86_64__) || defined(__i386__)
   return __rdtsc();
#else
   return wall_ns();
#endif
}

// Nanoseconds per tick, measured once per process against the monotonic clock.
double ns_per_tick();

} // namespace memfrag::platform
