#include "core/run/worker_pause.hpp"

#include <thread>

namespace memfrag::run {

// A parked worker leaves only after it has withdrawn from the count and seen no new request:
// a requester that sets the flag and then reads the count either sees the worker gone from it
// (and waits for it to park again) or the worker sees the flag (and parks again). Both use
// sequentially consistent operations for that.
void WorkerPause::park() {
   for (;;) {
      parked_.fetch_add(1);
      while (requested_.load()) {
         requested_.wait(true);
      }
      parked_.fetch_sub(1);
      if (!requested_.load()) {
         return;
      }
   }
}

void WorkerPause::leave() {
   active_.fetch_sub(1);
}

void WorkerPause::stop(bool from_worker) {
   requested_.store(true);
   for (;;) {
      const std::uint32_t active = active_.load();
      const std::uint32_t others = from_worker && active > 0 ? active - 1 : active;
      if (parked_.load() >= others) {
         return;
      }
      std::this_thread::yield();
   }
}

void WorkerPause::resume() {
   requested_.store(false);
   requested_.notify_all();
}

} // namespace memfrag::run
