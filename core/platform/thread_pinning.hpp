// Pinning a thread to one CPU and reading where threads may run. A pin that fails is reported,
// never thrown: the run goes on unpinned and records the failure as a warning.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace memfrag::platform {

struct PinOutcome {
   unsigned cpu = 0;                   // the OS CPU asked for
   bool pinned = false;                // the thread's affinity is now exactly {cpu}
   std::optional<unsigned> running_on; // the CPU the thread ran on right after pinning
   std::string failure;                // why it is not pinned; empty when pinned
};

// Pins the calling thread to OS CPU `cpu` (sched_setaffinity moves it there before returning)
// and reads back its affinity and the CPU it runs on.
PinOutcome pin_calling_thread(unsigned cpu);

// The CPUs the calling thread may run on (sched_getaffinity), ascending; empty when the OS does
// not say.
std::vector<unsigned> calling_thread_cpus();

// Lets the calling thread run on `cpus` again (an affinity calling_thread_cpus() read before
// pinning); nothing when `cpus` is empty.
void allow_calling_thread(const std::vector<unsigned> &cpus);

// The CPU the calling thread runs on now (sched_getcpu), when the OS says.
std::optional<unsigned> current_cpu();

} // namespace memfrag::platform
