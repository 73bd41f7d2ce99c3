#include "core/validate/checked_instance.hpp"

#include <string>

namespace memfrag::validate {
namespace {

constexpr std::size_t kMetadataRange = 0;
constexpr std::size_t kRegionRange = 1;

std::string block_text(std::uint64_t frame, std::uint32_t order) {
   return "frame " + std::to_string(frame) + " (order " + std::to_string(order) + ")";
}

} // namespace

std::vector<plugin::ParamValue> default_params(const plugin::AllocatorInfo &info) {
   std::vector<plugin::ParamValue> values;
   for (const auto &spec : info.params) {
      values.push_back(spec.default_value);
   }
   return values;
}

CheckedInstance::CheckedInstance(const plugin::Library &library, const plugin::AllocatorInfo &info,
                                 const CheckContext &context, const InstanceSetup &setup)
    : info_(info), memory_(setup.frames, setup.access), region_{setup.frames, memory_.base(), -1,
                                                                setup.cpu_count},
      shadow_(setup.frames) {
   try {
      instance_ = std::make_unique<plugin::Instance>(library, info,
                                                     setup.params.value_or(default_params(info)),
                                                     region_, plugin::MetadataPlacement::guarded);
   } catch (const plugin::PluginError &error) {
      throw CheckFailed(error.what());
   }
   watch_for_faults(context.faults);
}

void CheckedInstance::watch_for_faults(platform::FaultRecord *faults) const {
   if (faults == nullptr) {
      return;
   }
   if (const platform::GuardedBytes *metadata = instance_->guarded_metadata()) {
      faults->ranges[kMetadataRange] = {
          reinterpret_cast<std::uintptr_t>(metadata->data()),
          reinterpret_cast<std::uintptr_t>(metadata->data() + metadata->size()),
          reinterpret_cast<std::uintptr_t>(metadata->mapping_begin()),
          reinterpret_cast<std::uintptr_t>(metadata->mapping_end())};
   }
   auto region_begin = reinterpret_cast<std::uintptr_t>(memory_.base());
   auto region_end = region_begin + memory_.frame_count() * platform::kFrameSize;
   faults->ranges[kRegionRange] = {region_begin, region_end, region_begin, region_end};
}

std::optional<std::uint64_t> CheckedInstance::alloc(std::uint32_t order, std::uint32_t flags,
                                                    std::uint32_t cpu) {
   std::uint64_t frame = instance_->alloc(order, flags, cpu);
   if (frame == MEMFRAG_NO_FRAME) {
      return std::nullopt;
   }
   plugin::ContractBreach breach = shadow_.check_alloc(frame, order);
   if (breach != plugin::ContractBreach::none) {
      breached(breach, "alloc", frame, order);
   }
   shadow_.mark_allocated(frame, order);
   live_.push_back({frame, order});
   return frame;
}

void CheckedInstance::free_at(std::size_t index, std::uint32_t cpu) {
   Block block = live_[index];
   live_[index] = live_.back();
   live_.pop_back();
   shadow_.mark_free(block.frame, block.order);
   instance_->free(block.frame, block.order, cpu);
}

void CheckedInstance::drain() {
   while (!live_.empty()) {
      free_at(live_.size() - 1);
   }
}

std::uint64_t CheckedInstance::fill(std::uint32_t order, std::uint32_t flags) {
   std::uint64_t served = 0;
   // Never more requests than the region has blocks: a plugin that keeps serving past that is
   // caught by the shadow map before the bound is reached.
   for (std::uint64_t attempt = 0; attempt <= (frame_count() >> order); ++attempt) {
      if (!alloc(order, flags)) {
         break;
      }
      ++served;
   }
   return served;
}

void CheckedInstance::expect_sound(const std::string &when) const {
   if (auto failure = instance_->validate_failure()) {
      throw CheckFailed(info_.id + ": validate() " + when + ": " + *failure);
   }
   const platform::GuardedBytes *metadata = instance_->guarded_metadata();
   if (metadata == nullptr) {
      return;
   }
   if (auto offset = metadata->overwritten_slack()) {
      throw CheckFailed(info_.id + ": wrote outside its " + std::to_string(metadata->size()) +
                        " metadata bytes, at offset " + std::to_string(*offset) + ", " + when);
   }
}

void CheckedInstance::breached(plugin::ContractBreach breach, const char *operation,
                               std::uint64_t frame, std::uint32_t order) const {
   std::string what = std::string(operation) + " handed out " + block_text(frame, order) + ": " +
                      plugin::contract_breach_name(breach);
   if (breach == plugin::ContractBreach::overlap) {
      for (const Block &block : live_) {
         if (block.frame < frame + (std::uint64_t{1} << order) &&
             frame < block.frame + (std::uint64_t{1} << block.order)) {
            what += block.frame == frame && block.order == order
                        ? " (the same block is already handed out)"
                        : " with the live block at " + block_text(block.frame, block.order);
            break;
         }
      }
   } else if (breach == plugin::ContractBreach::out_of_region) {
      what += " (region of " + std::to_string(frame_count()) + " frames)";
   }
   throw CheckFailed(info_.id + ": " + what);
}

} // namespace memfrag::validate
