// How worker threads call the plugin: straight through, or, for a plugin that does not declare
// itself thread-safe (MEMFRAG_ALLOCATOR_THREAD_SAFE) while several workers run, one call at a
// time under a host lock, as the ABI promises such plugins (factory.h). Calls the world makes
// into the plugin from inside alloc() run under the lock their alloc() already holds.
#pragma once

#include "core/plugin/instance.hpp"

#include <cstdint>
#include <mutex>

namespace memfrag::run {

class PluginGate {
 public:
   PluginGate(const plugin::Instance &instance, bool serialize)
       : instance_(instance), serialize_(serialize) {}

   bool serializes() const { return serialize_; }

   std::uint64_t alloc(std::uint32_t order, std::uint32_t flags, std::uint32_t cpu) {
      const auto guard = lock();
      return instance_.alloc(order, flags, cpu);
   }
   void free(std::uint64_t frame, std::uint32_t order, std::uint32_t cpu) {
      const auto guard = lock();
      instance_.free(frame, order, cpu);
   }
   // Runs (ext/exact.h), when the instance has the extension.
   bool serves_runs() const { return instance_.has_exact(); }
   std::uint64_t alloc_run(std::uint64_t frames, std::uint32_t flags, std::uint32_t cpu) {
      const auto guard = lock();
      return instance_.alloc_run(frames, flags, cpu);
   }
   void free_run(std::uint64_t frame, std::uint64_t frames, std::uint32_t cpu) {
      const auto guard = lock();
      instance_.free_run(frame, frames, cpu);
   }
   // Runs `work`, which calls into the plugin, as one call.
   template <class Work> void exclusively(Work &&work) {
      const auto guard = lock();
      work();
   }

 private:
   std::unique_lock<std::mutex> lock() {
      return serialize_ ? std::unique_lock<std::mutex>(mutex_) : std::unique_lock<std::mutex>();
   }

   const plugin::Instance &instance_;
   const bool serialize_;
   std::mutex mutex_;
};

} // namespace memfrag::run
