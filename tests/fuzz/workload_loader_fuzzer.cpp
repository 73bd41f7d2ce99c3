// Fuzzes the workload loader: the input is TOML text, optionally followed by a NUL byte and
// override lines "key=value". Anything but a loaded workload or a WorkloadError is a bug, and so
// is a crash in the driver made from a workload that loaded.
#include "core/workload/generator_workload.hpp"

#include <cstddef>
#include <cstdint>
#include <memfrag/allocator.h>
#include <string>
#include <string_view>
#include <vector>

namespace {

using memfrag::workload::Op;
using memfrag::workload::Override;

std::vector<Override> overrides_from(std::string_view lines) {
   std::vector<Override> overrides;
   while (!lines.empty()) {
      auto end = lines.find('\n');
      auto line = lines.substr(0, end);
      auto equals = line.find('=');
      if (equals != std::string_view::npos) {
         overrides.push_back(
             {std::string(line.substr(0, equals)), std::string(line.substr(equals + 1))});
      }
      lines = end == std::string_view::npos ? std::string_view{} : lines.substr(end + 1);
   }
   return overrides;
}

void drive_briefly(const memfrag::workload::LoadedWorkload &workload) {
   auto driver = memfrag::workload::make_driver(workload, 1);
   Op op;
   for (std::uint64_t count = 0; count < 2000 && driver->next(op); ++count) {
      if (op.kind == Op::Kind::alloc) {
         driver->allocated(op, count % 5 == 0 ? MEMFRAG_NO_FRAME : count << 20);
      }
   }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
   std::string_view input(reinterpret_cast<const char *>(data), size);
   auto separator = input.find('\0');
   auto text = input.substr(0, separator);
   auto overrides = separator == std::string_view::npos
                        ? std::vector<Override>{}
                        : overrides_from(input.substr(separator + 1));
   try {
      drive_briefly(memfrag::workload::load_generator_text(text, "fuzz.toml", overrides));
   } catch (const memfrag::workload::WorkloadError &) {
   }
   return 0;
}
