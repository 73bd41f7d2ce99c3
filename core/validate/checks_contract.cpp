// Checks of the allocation contract under seeded random walks: every block checked against the
// shadow map with validate() along the way, the same blocks for the same seed, everything back
// after a drain, and regions of awkward sizes.
#include "core/validate/checked_instance.hpp"
#include "core/validate/checks.hpp"
#include "core/validate/random_walk.hpp"

#include <array>

namespace memfrag::validate {
namespace {

constexpr int kContractWalks = 3;
constexpr std::array<std::uint64_t, 6> kOddRegionFrames{0, 1, 3, 1000, 4097, 12289};

std::string count_text(std::uint64_t count, const char *unit) {
   return std::to_string(count) + " " + unit;
}

// The plugin's own free-block histogram, in frames, when it offers one.
std::optional<std::uint64_t> histogram_frames(const CheckedInstance &instance) {
   auto nr_free = instance.instance().plugin_histogram();
   if (!nr_free) {
      return std::nullopt;
   }
   std::uint64_t frames = 0;
   for (std::size_t order = 0; order < nr_free->size(); ++order) {
      frames += (*nr_free)[order] << order;
   }
   return frames;
}

// Order-0 requests (atomic, so that reserves count too) must get every frame of the region.
void expect_fills_completely(CheckedInstance &instance, const std::string &when) {
   std::uint64_t served = instance.fill(0, MEMFRAG_REQ_ATOMIC);
   if (served != instance.frame_count()) {
      throw CheckFailed(instance.info().id + ": order-0 requests got " + count_text(served, "of") +
                        " " + count_text(instance.frame_count(), "frames") + " " + when);
   }
}

void expect_histogram_whole(const CheckedInstance &instance) {
   auto frames = histogram_frames(instance);
   if (frames && *frames != instance.frame_count()) {
      throw CheckFailed(instance.info().id + ": after freeing every block its histogram holds " +
                        count_text(*frames, "free frames") + " of " +
                        count_text(instance.frame_count(), "frames"));
   }
}

void odd_region(const plugin::Library &library, const plugin::AllocatorInfo &info,
                const CheckContext &context, std::uint64_t frames) {
   InstanceSetup setup;
   setup.frames = frames;
   CheckedInstance instance(library, info, context, setup);
   std::string when = "in a region of " + count_text(frames, "frames");
   expect_fills_completely(instance, when);
   instance.expect_sound("full, " + when);
   instance.drain();
   instance.expect_sound("drained, " + when);
   expect_fills_completely(instance, "again after draining, " + when);
}

} // namespace

std::string check_contract(const CheckContext &context) {
   auto library = context.load();
   for (const auto *info : context.allocators(*library)) {
      for (int walk = 0; walk < kContractWalks; ++walk) {
         CheckedInstance instance(*library, *info, context);
         random_walk(instance, {context.seed + static_cast<std::uint64_t>(walk)});
         instance.expect_sound("after the walk");
         instance.drain();
         instance.expect_sound("after freeing every block");
      }
   }
   return std::to_string(kContractWalks) + " walks of 20000 steps per allocator, every block "
                                           "checked, validate() every 1000 steps";
}

std::string check_determinism(const CheckContext &context) {
   auto library = context.load();
   for (const auto *info : context.allocators(*library)) {
      CheckedInstance first(*library, *info, context);
      CheckedInstance second(*library, *info, context);
      auto first_blocks = random_walk(first, {context.seed, 5000, 0, 0});
      auto second_blocks = random_walk(second, {context.seed, 5000, 0, 0});
      for (std::size_t index = 0; index < first_blocks.size(); ++index) {
         if (index >= second_blocks.size() || first_blocks[index] != second_blocks[index]) {
            throw CheckFailed(info->id +
                              ": two instances given the same requests differ at "
                              "block " +
                              std::to_string(index) + " of the walk with seed " +
                              std::to_string(context.seed));
         }
      }
      if (first_blocks.size() != second_blocks.size()) {
         throw CheckFailed(info->id + ": two instances given the same requests served " +
                           "different numbers of them");
      }
   }
   return "two instances, same seed, same blocks over 5000 steps";
}

std::string check_drain(const CheckContext &context) {
   auto library = context.load();
   for (const auto *info : context.allocators(*library)) {
      CheckedInstance instance(*library, *info, context);
      random_walk(instance, {context.seed, 10000, 0, 0});
      instance.drain();
      instance.expect_sound("after freeing every block");
      expect_histogram_whole(instance);
      expect_fills_completely(instance, "after a walk and freeing every block");
   }
   return "after a walk and freeing every block, every frame is free and can be handed out";
}

std::string check_odd_regions(const CheckContext &context) {
   auto library = context.load();
   for (const auto *info : context.allocators(*library)) {
      for (std::uint64_t frames : kOddRegionFrames) {
         odd_region(*library, *info, context, frames);
      }
   }
   return "regions of 0, 1, 3, 1000, 4097 and 12289 frames filled, drained and refilled";
}

} // namespace memfrag::validate
