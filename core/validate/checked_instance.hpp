// An allocator instance the validator drives: real region memory, metadata fenced by guard
// pages, and every block the plugin hands out checked against the host's shadow map. Any breach
// of the allocation contract ends the check with CheckFailed naming the operation.
#pragma once

#include "core/platform/region_memory.hpp"
#include "core/plugin/instance.hpp"
#include "core/plugin/shadow_map.hpp"
#include "core/validate/check.hpp"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace memfrag::validate {

struct Block {
   std::uint64_t frame;
   std::uint32_t order;
};

struct InstanceSetup {
   std::uint64_t frames = 4096;
   platform::RegionAccess access = platform::RegionAccess::read_write;
   std::uint32_t cpu_count = 1;
   std::optional<std::vector<plugin::ParamValue>> params; // the declared defaults when empty
};

// The declared default of every parameter of `info`.
std::vector<plugin::ParamValue> default_params(const plugin::AllocatorInfo &info);

class CheckedInstance {
 public:
   // Throws CheckFailed when the plugin refuses to create the instance.
   CheckedInstance(const plugin::Library &library, const plugin::AllocatorInfo &info,
                   const CheckContext &context, const InstanceSetup &setup = {});

   // The block's first frame, or nothing when the plugin refused the request.
   std::optional<std::uint64_t> alloc(std::uint32_t order, std::uint32_t flags,
                                      std::uint32_t cpu = 0);
   void free_at(std::size_t index, std::uint32_t cpu = 0);
   void drain();
   // Order-`order` requests until the plugin refuses one; returns how many it served.
   std::uint64_t fill(std::uint32_t order, std::uint32_t flags);

   // Fails the check when the plugin's validate() reports a broken invariant, or when it wrote
   // into the slack beside its metadata. `when` says at which point, for the reason.
   void expect_sound(const std::string &when) const;

   const plugin::AllocatorInfo &info() const { return info_; }
   const plugin::Instance &instance() const { return *instance_; }
   const plugin::ShadowMap &shadow() const { return shadow_; }
   // For drivers that call the plugin themselves and keep the host's record up to date.
   plugin::ShadowMap &shadow() { return shadow_; }
   const std::vector<Block> &live() const { return live_; }
   std::uint64_t frame_count() const { return shadow_.frame_count(); }

 private:
   void watch_for_faults(platform::FaultRecord *faults) const;
   [[noreturn]] void breached(plugin::ContractBreach breach, const char *operation,
                              std::uint64_t frame, std::uint32_t order) const;

   const plugin::AllocatorInfo &info_;
   platform::RegionMemory memory_;
   memfrag_region_t region_;
   std::unique_ptr<plugin::Instance> instance_;
   plugin::ShadowMap shadow_;
   std::vector<Block> live_;
};

} // namespace memfrag::validate
