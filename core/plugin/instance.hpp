// One allocator instance over one region: metadata bytes allocated by the host as the plugin
// asked, parameter values in declaration order, and typed access to the instance's extensions.
#pragma once

#include <cstdint>
#include <cstdlib>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <memfrag/memfrag.h>

#include "core/platform/guarded_bytes.hpp"
#include "core/plugin/host_services.hpp"
#include "core/plugin/library.hpp"

namespace memfrag::plugin {

// Where an instance's metadata bytes live: on the heap for runs, or fenced by inaccessible guard
// pages (platform::GuardedBytes) so that a plugin writing outside them is caught (memfrag
// validate). Both give the zero-filled, 64-byte aligned bytes the ABI promises.
enum class MetadataPlacement { heap, guarded };

class Instance {
 public:
   // Creates allocator `info` of `library` over `region` with `values` (resolve_params()).
   // `world`, when given, serves the world's extensions to the plugin and must outlive the
   // instance. Throws PluginError when the plugin refuses the configuration or create() fails.
   Instance(const Library &library, const AllocatorInfo &info,
            const std::vector<ParamValue> &values, const memfrag_region_t &region,
            WorldServices *world = nullptr,
            MetadataPlacement placement = MetadataPlacement::heap);
   ~Instance();
   Instance(const Instance &) = delete;
   Instance &operator=(const Instance &) = delete;

   std::uint64_t alloc(std::uint32_t order, std::uint32_t flags, std::uint32_t cpu) const {
      return allocator_->alloc(allocator_, order, flags, cpu);
   }
   void free(std::uint64_t frame, std::uint32_t order, std::uint32_t cpu) const {
      allocator_->free(allocator_, frame, order, cpu);
   }

   // Runs of any length (ext/exact.h); only when has_exact().
   bool has_exact() const { return exact_ != nullptr; }
   std::uint64_t alloc_run(std::uint64_t frames, std::uint32_t flags, std::uint32_t cpu) const {
      return exact_->alloc_run(allocator_, frames, flags, cpu);
   }
   void free_run(std::uint64_t frame, std::uint64_t frames, std::uint32_t cpu) const {
      exact_->free_run(allocator_, frame, frames, cpu);
   }

   // The plugin's background work (ext/background.h), or null when it has none.
   const memfrag_ext_background_work_t *background_work() const { return background_work_; }
   const memfrag_allocator_t *raw() const { return allocator_; }

   std::size_t metadata_bytes() const { return metadata_size_; }
   // The guarded metadata of an instance created with MetadataPlacement::guarded, else null.
   const platform::GuardedBytes *guarded_metadata() const { return guarded_metadata_.get(); }
   bool has_validate() const { return validate_ != nullptr; }
   // The plugin's message when its validate() reports a broken invariant; nothing when the
   // invariants hold or the plugin has no validate extension.
   std::optional<std::string> validate_failure() const;
   // The plugin's own free-block histogram, when it implements the extension.
   std::optional<std::vector<std::uint64_t>> plugin_histogram() const;
   std::vector<std::pair<std::string, double>> plugin_stats() const;

 private:
   std::byte *allocate_metadata(MetadataPlacement placement, const std::string &where);

   HostServices host_;
   const memfrag_allocator_t *allocator_ = nullptr;
   std::unique_ptr<std::byte, void (*)(void *)> metadata_{nullptr, &std::free};
   std::unique_ptr<platform::GuardedBytes> guarded_metadata_;
   std::size_t metadata_size_ = 0;
   const memfrag_ext_validate_t *validate_ = nullptr;
   const memfrag_ext_histogram_t *histogram_ = nullptr;
   const memfrag_ext_stats_t *stats_ = nullptr;
   const memfrag_ext_background_work_t *background_work_ = nullptr;
   const memfrag_ext_exact_t *exact_ = nullptr;
};

} // namespace memfrag::plugin
