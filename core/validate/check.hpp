// One conformance check of a plugin library: what it is called, what it needs to have passed
// before it means anything, and the function that runs it (in a child process of its own).
#pragma once

#include "core/platform/fault_watch.hpp"
#include "core/plugin/library.hpp"

#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace memfrag::validate {

enum class Verdict { pass, fail, skip };

const char *verdict_name(Verdict verdict);

// What a check runs against.
struct CheckContext {
   std::string path;                        // the plugin library
   std::optional<std::string> allocator_id; // one allocator of it, or all when empty
   std::uint64_t seed = 0;                  // of every random walk the check makes
   platform::FaultRecord *faults =
       nullptr; // ranges to locate a fatal fault in, shared with the parent

   // The library, loaded in this process; a library that does not load fails the check.
   std::unique_ptr<plugin::Library> load() const;
   // The allocators the check covers: the one asked for, or every allocator of `library`.
   std::vector<const plugin::AllocatorInfo *> allocators(const plugin::Library &library) const;
};

// Thrown by a check that found the plugin at fault; what() is the reason, one line.
class CheckFailed : public std::runtime_error {
 public:
   using std::runtime_error::runtime_error;
};

// Thrown by a check that does not apply to this plugin; what() says why.
class CheckSkipped : public std::runtime_error {
 public:
   using std::runtime_error::runtime_error;
};

struct Check {
   const char *name;
   const char *description;
   std::vector<const char *> needs; // checks that must not have failed or been skipped first
   // Returns what was checked, for the report; throws CheckFailed or CheckSkipped.
   std::string (*run)(const CheckContext &context);
};

} // namespace memfrag::validate
