// Checks that a plugin keeps to the memory it was given: its metadata bytes (fenced by guard
// pages, every instance the validator creates has them) and never the region's frame memory
// (mapped inaccessible here). A stray access faults; the validator reports where it landed.
#include "core/validate/checked_instance.hpp"
#include "core/validate/checks.hpp"
#include "core/validate/random_walk.hpp"

namespace memfrag::validate {
namespace {

constexpr std::uint32_t kHighestExercisedOrder = 10;

// A walk, then every order from 0 up filling the whole region and freeing it again, so that
// every per-frame and per-order part of the metadata is written, up to the region's last frame.
void exercise(CheckedInstance &instance, std::uint64_t seed) {
   random_walk(instance, {seed, 5000, 0, 0});
   instance.expect_sound("after a walk");
   instance.drain();
   for (std::uint32_t order = 0; order <= kHighestExercisedOrder; ++order) {
      instance.fill(order, MEMFRAG_REQ_ATOMIC);
      instance.expect_sound("with the region filled by order-" + std::to_string(order) + " blocks");
      instance.drain();
   }
   instance.expect_sound("after freeing every block");
}

std::string exercise_all(const CheckContext &context, platform::RegionAccess access) {
   auto library = context.load();
   for (const auto *info : context.allocators(*library)) {
      for (std::uint64_t frames : {4096u, 4099u}) {
         InstanceSetup setup;
         setup.frames = frames;
         setup.access = access;
         CheckedInstance instance(*library, *info, context, setup);
         exercise(instance, context.seed);
      }
   }
   return "a walk and every order filled and drained, in regions of 4096 and 4099 frames";
}

} // namespace

std::string check_metadata_bounds(const CheckContext &context) {
   return exercise_all(context, platform::RegionAccess::read_write) +
          ", metadata fenced by guard pages";
}

std::string check_frame_memory(const CheckContext &context) {
   return exercise_all(context, platform::RegionAccess::none) + ", frame memory inaccessible";
}

} // namespace memfrag::validate
