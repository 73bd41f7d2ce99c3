// One allocator instance created through the raw C ABI, with host-owned metadata, and typed
// access to its extensions.
#pragma once

#include "loaded_plugin.hpp"
#include "test_host.hpp"

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace memfrag::test {

// Parameter values by name; the declared defaults fill in the rest.
using ParamOverrides = std::map<std::string, memfrag_param_value_t>;

class PluginInstance {
 public:
   // Creates `allocator_id` of `plugin` over `frame_count` frames, for callers with cpu indices
   // [0, cpu_count); throws std::runtime_error when metadata_size() or create() refuses.
   PluginInstance(const LoadedPlugin &plugin, const std::string &allocator_id, uint64_t frame_count,
                  const ParamOverrides &overrides = {}, uint32_t cpu_count = 1);
   ~PluginInstance();
   PluginInstance(const PluginInstance &) = delete;
   PluginInstance &operator=(const PluginInstance &) = delete;

   const memfrag_allocator_t &abi() const { return *allocator_; }
   uint64_t frame_count() const { return frame_count_; }

   uint64_t alloc(uint32_t order, uint32_t flags = 0, uint32_t cpu = 0) const {
      return allocator_->alloc(allocator_, order, flags, cpu);
   }
   void free(uint64_t frame, uint32_t order, uint32_t cpu = 0) const {
      allocator_->free(allocator_, frame, order, cpu);
   }

   // The exact-size extension (ext/exact.h); throws std::runtime_error when the plugin has none.
   const memfrag_ext_exact_t *exact() const {
      return static_cast<const memfrag_ext_exact_t *>(extension(MEMFRAG_EXT_EXACT));
   }
   uint64_t alloc_run(uint64_t frames, uint32_t flags = 0, uint32_t cpu = 0) const {
      return exact()->alloc_run(allocator_, frames, flags, cpu);
   }
   void free_run(uint64_t frame, uint64_t frames, uint32_t cpu = 0) const {
      exact()->free_run(allocator_, frame, frames, cpu);
   }

   // Free blocks per order as the plugin reports them (histogram extension required).
   std::vector<uint64_t> histogram() const;

   // std::nullopt when validate() passes, else its message (validate extension required).
   std::optional<std::string> validate() const;

   // Statistics by name (empty without the stats extension).
   std::map<std::string, double> stats() const;

   // The metadata bytes the host gave the instance, for corruption tests.
   std::span<std::byte> metadata() { return {metadata_.get(), metadata_size_}; }

   const TestHost &host() const { return host_; }

 private:
   const void *extension(const char *extension_id) const;

   struct FreeAligned {
      void operator()(std::byte *bytes) const;
   };

   TestHost host_;
   uint64_t frame_count_;
   std::size_t metadata_size_ = 0;
   std::unique_ptr<std::byte, FreeAligned> metadata_;
   const memfrag_allocator_t *allocator_ = nullptr;
};

// The parameter values for `schema`: declared defaults, replaced by `overrides` by name.
// Throws std::invalid_argument for an override naming no declared parameter.
std::vector<memfrag_param_value_t> resolve_params(const std::vector<memfrag_param_info_t> &schema,
                                                  const ParamOverrides &overrides);

// A parameter value holding an integer.
memfrag_param_value_t int_value(int64_t value);

} // namespace memfrag::test
