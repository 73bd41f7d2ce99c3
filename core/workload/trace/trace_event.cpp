#include "core/workload/trace/trace_event.hpp"

namespace memfrag::workload::trace {

const char *event_kind_name(EventKind kind) {
   switch (kind) {
   case EventKind::alloc:
      return "alloc";
   case EventKind::alloc_failed:
      return "alloc_failed";
   case EventKind::free:
      return "free";
   case EventKind::extfrag:
      return "extfrag";
   }
   return "unknown";
}

} // namespace memfrag::workload::trace
