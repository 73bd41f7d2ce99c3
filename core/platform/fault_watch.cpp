#include "core/platform/fault_watch.hpp"

#include <signal.h>

namespace memfrag::platform {
namespace {

FaultRecord *active_record = nullptr;

// Records the address and returns: SA_RESETHAND has restored the default action, so the
// faulting instruction runs again and the process ends by the same signal.
void on_fault(int, siginfo_t *info, void *) {
   if (active_record != nullptr) {
      active_record->address = reinterpret_cast<std::uintptr_t>(info->si_addr);
      active_record->faulted = true;
   }
}

} // namespace

void record_memory_faults_in(FaultRecord &record) {
   active_record = &record;
   struct sigaction action {};
   action.sa_sigaction = &on_fault;
   action.sa_flags = SA_SIGINFO | SA_RESETHAND;
   sigemptyset(&action.sa_mask);
   sigaction(SIGSEGV, &action, nullptr);
   sigaction(SIGBUS, &action, nullptr);
}

std::optional<std::size_t> faulting_range(const FaultRecord &record) {
   if (!record.faulted) {
      return std::nullopt;
   }
   for (std::size_t index = 0; index < record.ranges.size(); ++index) {
      const WatchedRange &range = record.ranges[index];
      if (record.address >= range.guard_begin && record.address < range.guard_end) {
         return index;
      }
   }
   return std::nullopt;
}

} // namespace memfrag::platform
