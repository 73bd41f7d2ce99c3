// Fuzzes the text trace reader: decompression (the input may start with any magic), line
// splitting and the ftrace / perf script parser. The input is handed over as a file through a
// memfd so that the whole reader runs as it does on a real file.
#include "core/workload/trace/trace_input.hpp"

#include <cstdint>
#include <string>
#include <sys/mman.h>
#include <unistd.h>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
   using namespace memfrag::workload::trace;
   const int fd = ::memfd_create("trace", MFD_CLOEXEC);
   if (fd < 0 || ::write(fd, data, size) != static_cast<ssize_t>(size)) {
      ::close(fd);
      return 0;
   }
   try {
      const LoadedTrace trace = load_trace("/proc/self/fd/" + std::to_string(fd), {});
      for (const TraceEvent &event : trace.events)
         if (event.order > 30)
            __builtin_trap();
   } catch (const TraceReadError &) {
   }
   ::close(fd);
   return 0;
}
