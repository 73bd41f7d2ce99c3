#include "core/platform/thread_pinning.hpp"

#include "core/platform/cpu_list.hpp"

#include <cerrno>
#include <cstring>
#include <memory>
#include <sched.h>

namespace memfrag::platform {
namespace {

// A CPU set sized for every CPU number a list may name (glibc's cpu_set_t stops at 1024).
class CpuSet {
 public:
   CpuSet() : set_(CPU_ALLOC(kCpus), &release), bytes_(CPU_ALLOC_SIZE(kCpus)) {
      CPU_ZERO_S(bytes_, set_.get());
   }
   cpu_set_t *get() { return set_.get(); }
   std::size_t bytes() const { return bytes_; }
   void add(unsigned cpu) { CPU_SET_S(cpu, bytes_, set_.get()); }
   std::vector<unsigned> cpus() const {
      std::vector<unsigned> listed;
      for (unsigned cpu = 0; cpu < kCpus; ++cpu) {
         if (CPU_ISSET_S(cpu, bytes_, set_.get())) {
            listed.push_back(cpu);
         }
      }
      return listed;
   }

 private:
   static constexpr unsigned kCpus = kMaxCpuNumber + 1;
   static void release(cpu_set_t *set) { CPU_FREE(set); }
   std::unique_ptr<cpu_set_t, void (*)(cpu_set_t *)> set_;
   std::size_t bytes_;
};

std::string errno_text() {
   return std::strerror(errno);
}

} // namespace

PinOutcome pin_calling_thread(unsigned cpu) {
   PinOutcome outcome;
   outcome.cpu = cpu;
   if (cpu > kMaxCpuNumber) {
      outcome.failure = "CPU " + std::to_string(cpu) + " is above the highest supported number";
      return outcome;
   }
   CpuSet wanted;
   wanted.add(cpu);
   if (sched_setaffinity(0, wanted.bytes(), wanted.get()) != 0) {
      outcome.failure = "cannot pin to CPU " + std::to_string(cpu) + ": " + errno_text();
      return outcome;
   }
   const std::vector<unsigned> now = calling_thread_cpus();
   outcome.pinned = now == std::vector<unsigned>{cpu};
   outcome.running_on = current_cpu();
   if (!outcome.pinned) {
      outcome.failure = "pinned to CPU " + std::to_string(cpu) + " but the thread may run on " +
                        format_cpu_list(now);
   }
   return outcome;
}

std::vector<unsigned> calling_thread_cpus() {
   CpuSet allowed;
   if (sched_getaffinity(0, allowed.bytes(), allowed.get()) != 0) {
      return {};
   }
   return allowed.cpus();
}

void allow_calling_thread(const std::vector<unsigned> &cpus) {
   if (cpus.empty()) {
      return;
   }
   CpuSet allowed;
   for (const unsigned cpu : cpus) {
      if (cpu <= kMaxCpuNumber) {
         allowed.add(cpu);
      }
   }
   sched_setaffinity(0, allowed.bytes(), allowed.get());
}

std::optional<unsigned> current_cpu() {
   const int cpu = sched_getcpu();
   return cpu < 0 ? std::nullopt : std::optional<unsigned>(static_cast<unsigned>(cpu));
}

} // namespace memfrag::platform
