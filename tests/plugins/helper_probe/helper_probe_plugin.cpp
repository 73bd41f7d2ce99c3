// A plugin built with the C++ helper layer for testing the layer itself: two allocators in one
// library, one exercising every optional hook, one whose hooks throw.
#include "memfrag/cpp/plugin.hpp"

#include <array>
#include <cstdint>
#include <stdexcept>
#include <string_view>

namespace {

// Hands out order-0 frames in ascending order and never reuses them.
class BumpProbe {
 public:
   static constexpr memfrag::cpp::AllocatorInfo info{"bump-probe", "Bump probe", "memfrag tests",
                                                     "0.1", "Order-0 bump allocator."};
   static constexpr std::array<const char *, 3> colours{"red", "green", nullptr};
   static constexpr std::array params{
       memfrag::cpp::int_param("first_frame", "First frame handed out.", 0, 0, 1000),
       memfrag::cpp::float_param("ratio", "Unused ratio.", 0.5, 0.0, 1.0),
       memfrag::cpp::bool_param("verbose", "Unused switch.", false),
       memfrag::cpp::string_param("colour", "Unused choice.", "red", colours.data()),
   };
   static constexpr std::array stat_names{"handed_out"};
   static constexpr int probe_extension = 42;

   static std::size_t metadata_size(const memfrag::cpp::Config &) { return 0; }

   explicit BumpProbe(const memfrag::cpp::CreateContext &context)
       : next_(static_cast<uint64_t>(context.config.params.integer("first_frame"))),
         frame_count_(context.config.region.frame_count) {}

   uint64_t alloc(uint32_t order, uint32_t, uint32_t) noexcept {
      if (order != 0 || next_ >= frame_count_) {
         return MEMFRAG_NO_FRAME;
      }
      ++handed_out_;
      return next_++;
   }
   void free(uint64_t, uint32_t, uint32_t) noexcept {}

   uint32_t order_count() const { return 1; }
   uint64_t free_blocks(uint32_t) const { return frame_count_ - next_; }
   bool validate(memfrag::cpp::Diagnostic &diagnostic) const {
      return next_ <= frame_count_ || diagnostic.fail("next frame %llu is past the region",
                                                      static_cast<unsigned long long>(next_));
   }
   double stat_value(std::size_t) const { return static_cast<double>(handed_out_); }
   const void *extension(std::string_view id) const {
      return id == "memfrag-test.probe/1" ? &probe_extension : nullptr;
   }

 private:
   uint64_t next_;
   uint64_t frame_count_;
   uint64_t handed_out_ = 0;
};

// Every hook throws, unless asked not to in the constructor.
class ThrowingProbe {
 public:
   static constexpr memfrag::cpp::AllocatorInfo info{"throwing-probe", "Throwing probe",
                                                     "memfrag tests", "0.1", "Hooks that throw."};
   static constexpr std::array params{
       memfrag::cpp::bool_param("refuse_create", "Throw from the constructor.", true)};

   static std::size_t metadata_size(const memfrag::cpp::Config &) { return 8; }

   explicit ThrowingProbe(const memfrag::cpp::CreateContext &context) {
      if (context.config.params.boolean("refuse_create")) {
         throw std::invalid_argument("refused as asked");
      }
   }

   uint64_t alloc(uint32_t, uint32_t, uint32_t) { throw std::runtime_error("alloc throws"); }
   void free(uint64_t, uint32_t, uint32_t) { throw std::runtime_error("free throws"); }
   bool validate(memfrag::cpp::Diagnostic &) const { throw std::runtime_error("validate throws"); }
};

} // namespace

MEMFRAG_CPP_PLUGIN(BumpProbe, ThrowingProbe)
