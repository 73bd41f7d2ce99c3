// What a C++ allocator class provides to be exported through the helper layer: the required
// hooks (a concept) and the optional ones, each of which turns on one ABI extension.
#pragma once

#include "../memfrag.h"
#include "diagnostic.hpp"
#include "host.hpp"
#include "params.hpp"

#include <concepts>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

namespace memfrag::cpp {

// The descriptor fields an allocator declares as `static constexpr AllocatorInfo info`; the
// helper layer stamps the ABI version. Strings must have static storage duration.
struct AllocatorInfo {
   const char *id;          // lower-case letters, digits, '-', '_'; starts with a letter; <= 63
   const char *name;        // human-readable name
   const char *vendor;      // who wrote it
   const char *version;     // the allocator's own version, free form
   const char *description; // one sentence
   uint64_t features = 0;   // MEMFRAG_ALLOCATOR_* bits, e.g. MEMFRAG_ALLOCATOR_THREAD_SAFE
};

// What metadata_size() and the constructor are configured with. The region is copied; the
// parameter view is valid only during the call that received it.
struct Config {
   memfrag_region_t region;
   Params params;
};

// What the constructor receives: the configuration, the metadata bytes the host allocated for
// this instance (zero-filled, 64-byte aligned, exactly the size metadata_size() asked for, valid
// until the instance is destroyed) and the host.
struct CreateContext {
   Config config;
   std::span<std::byte> metadata;
   Host host;
};

// Required hooks:
//   static constexpr AllocatorInfo info;
//   static std::size_t metadata_size(const Config &) -- bytes needed, or SIZE_MAX when unusable
//   explicit A(const CreateContext &)                -- every frame starts free; throw to refuse
//   uint64_t alloc(uint32_t order, uint32_t flags, uint32_t cpu) -- as memfrag_allocator_t
//   void free(uint64_t frame, uint32_t order, uint32_t cpu)      -- as memfrag_allocator_t
// Make alloc() and free() noexcept: the helper layer then calls them without a catch frame.
template <class A>
concept Allocator = requires(A &allocator, const Config &config, uint32_t order, uint32_t flags,
                             uint32_t cpu, uint64_t frame) {
   { A::info } -> std::convertible_to<AllocatorInfo>;
   { A::metadata_size(config) } -> std::same_as<std::size_t>;
   requires std::constructible_from<A, const CreateContext &>;
   { allocator.alloc(order, flags, cpu) } -> std::same_as<uint64_t>;
   { allocator.free(frame, order, cpu) } -> std::same_as<void>;
};

// Optional: `static constexpr std::array<memfrag_param_info_t, N> params` (see params.hpp)
// exports the descriptor-level params extension.
template <class A>
concept HasParams = requires {
   {std::span<const memfrag_param_info_t>(A::params)};
};

// Optional: `uint32_t order_count() const` (highest order + 1) and
// `uint64_t free_blocks(uint32_t order) const` export the histogram extension.
template <class A>
concept HasHistogram = requires(const A &allocator, uint32_t order) {
   { allocator.order_count() } -> std::same_as<uint32_t>;
   { allocator.free_blocks(order) } -> std::same_as<uint64_t>;
};

// Optional: `bool validate(Diagnostic &) const` exports the validate extension. It returns true
// when every invariant holds, else `diagnostic.fail(...)`.
template <class A>
concept HasValidate = requires(const A &allocator, Diagnostic &diagnostic) {
   { allocator.validate(diagnostic) } -> std::same_as<bool>;
};

// Optional: `static constexpr std::array<const char *, N> stat_names` and
// `double stat_value(std::size_t index) const` export the stats extension.
template <class A>
concept HasStats = requires(const A &allocator, std::size_t index) {
   {std::span<const char *const>(A::stat_names)};
   { allocator.stat_value(index) } -> std::same_as<double>;
};

// Optional: `const void *extension(std::string_view id) const` returns further instance
// extensions of the allocator's own (nullptr for ids it does not know). Their functions reach
// the allocator through memfrag::cpp::allocator_of<A>() (instance.hpp).
template <class A>
concept HasOwnExtensions = requires(const A &allocator, std::string_view id) {
   { allocator.extension(id) } -> std::same_as<const void *>;
};

} // namespace memfrag::cpp
