// Stopping every worker thread of a run at an operation boundary, so that one thread can sample
// the region, call the plugin's validate() or run its background work with no alloc() or free()
// in flight. Workers only pay a relaxed load per operation while nobody asks.
#pragma once

#include <atomic>
#include <cstdint>
#include <mutex>
#include <thread>

namespace memfrag::run {

class WorkerPause {
 public:
   explicit WorkerPause(std::uint32_t workers) : active_(workers) {}

   // Worker side, between two operations: parks while a pause is requested.
   void checkpoint() {
      if (requested_.load(std::memory_order_relaxed)) {
         park();
      }
   }
   // Worker side: the worker's stream has ended; it is never waited for again.
   void leave();

   // Runs `work` once every worker is parked or gone, then lets them go on. `from_worker`: the
   // caller is one of the workers itself (between two of its operations), so it is not waited
   // for. Requests from several threads are served one after the other.
   template <class Work> void with_workers_parked(bool from_worker, Work &&work) {
      // A worker waiting for another requester parks meanwhile, or that requester would wait
      // for it forever.
      std::unique_lock<std::mutex> serialized(requesters_, std::defer_lock);
      while (!serialized.try_lock()) {
         if (from_worker) {
            checkpoint();
         }
         std::this_thread::yield();
      }
      stop(from_worker);
      work();
      resume();
   }

 private:
   void park();
   void stop(bool from_worker);
   void resume();

   std::atomic<bool> requested_{false};
   std::atomic<std::uint32_t> parked_{0};
   std::atomic<std::uint32_t> active_;
   std::mutex requesters_;
};

} // namespace memfrag::run
