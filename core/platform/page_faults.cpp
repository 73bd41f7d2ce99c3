#include "core/platform/page_faults.hpp"

#include <sys/resource.h>

namespace memfrag::platform {
namespace {

FaultCounts faults_of(int who) {
   rusage usage{};
   if (getrusage(who, &usage) != 0) {
      return {};
   }
   return {static_cast<std::uint64_t>(usage.ru_minflt),
           static_cast<std::uint64_t>(usage.ru_majflt)};
}

} // namespace

FaultCounts thread_faults() {
   return faults_of(RUSAGE_THREAD);
}

FaultCounts process_faults() {
   return faults_of(RUSAGE_SELF);
}

} // namespace memfrag::platform
