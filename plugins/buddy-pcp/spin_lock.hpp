// The zone lock: a spin lock, as the kernel's zone->lock is. It is held for a batch of list
// moves or one buddy operation, far shorter than a sleeping mutex takes to wake a waiter; a
// waiter that spins long (its holder was descheduled) yields the CPU.
#pragma once

#include <atomic>
#include <thread>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#endif

namespace memfrag::buddy {

class SpinLock {
 public:
   void lock() noexcept {
      for (unsigned spins = 0; held_.exchange(true, std::memory_order_acquire);) {
         while (held_.load(std::memory_order_relaxed)) {
            if (++spins % kSpinsBeforeYield == 0) {
               std::this_thread::yield();
            } else {
               relax();
            }
         }
      }
   }
   void unlock() noexcept { held_.store(false, std::memory_order_release); }

 private:
   static constexpr unsigned kSpinsBeforeYield = 1024;
   static void relax() noexcept {
#if defined(__x86_64__) || defined(__i386__)
      _mm_pause();
#endif
   }
   std::atomic<bool> held_{false};
};

} // namespace memfrag::buddy
