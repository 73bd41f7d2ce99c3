// Fuzzes the .mft reader: any bytes are either read into valid events and sections or refused
// with TraceReadError.
#include "core/workload/trace/byte_source.hpp"
#include "core/workload/trace/mft_file.hpp"
#include "core/workload/trace/replay_plan.hpp"

#include <cstdint>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
   using namespace memfrag::workload::trace;
   try {
      const MftFile file = MftFile::from_bytes(std::vector<char>(data, data + size));
      plan_replay(file.events(), true);
      if (file.metadata().free_frames_start)
         file.metadata().free_frames_start->histogram(10);
   } catch (const TraceReadError &) {
   }
   return 0;
}
