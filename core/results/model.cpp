#include "core/results/model.hpp"

#include <array>
#include <utility>

namespace memfrag::results {
namespace {

constexpr std::array<std::pair<RunStatus, const char *>, 6> kRunStatusNames{{
    {RunStatus::ok, "ok"},
    {RunStatus::invalid, "invalid"},
    {RunStatus::crashed, "crashed"},
    {RunStatus::timeout, "timeout"},
    {RunStatus::error, "error"},
    {RunStatus::skipped, "skipped"},
}};

} // namespace

const char *request_class_name(RequestClass request_class) {
   return request_class == RequestClass::atomic ? "atomic" : "normal";
}

MitigationCounts &operator+=(MitigationCounts &counts, const MitigationCounts &other) {
   for (const auto &[name, field] : kMitigationFields) {
      counts.*field += other.*field;
   }
   return counts;
}

SizingCounts &operator+=(SizingCounts &counts, const SizingCounts &other) {
   for (const auto &[name, field] : kSizingFields) {
      counts.*field += other.*field;
   }
   return counts;
}

const char *run_status_name(RunStatus status) {
   for (const auto &[value, name] : kRunStatusNames)
      if (value == status)
         return name;
   return "unknown";
}

std::optional<RunStatus> run_status_from_name(const std::string &name) {
   for (const auto &[value, status_name] : kRunStatusNames)
      if (name == status_name)
         return value;
   return std::nullopt;
}

} // namespace memfrag::results
