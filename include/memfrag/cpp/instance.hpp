// The ABI face of one C++ allocator instance: the memfrag_allocator_t the host calls, its
// instance extensions, and the translation of C calls into member calls with no exception
// crossing back into the host.
//
// The instance lives at the start of the host-given metadata bytes, ahead of the allocator's own
// metadata, so an instance allocates nothing and its whole footprint is counted as metadata.
#pragma once

#include "../memfrag.h"
#include "allocator_concepts.hpp"

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <exception>
#include <new>
#include <span>

namespace memfrag::cpp {

// The host-given metadata is aligned to this many bytes (factory.h); the allocator's own part
// starts at the next such boundary after the instance.
inline constexpr std::size_t metadata_alignment = 64;

template <Allocator A> class Instance {
 public:
   // Bytes in front of the allocator's own metadata.
   static constexpr std::size_t header_size() noexcept {
      return (sizeof(Instance) + metadata_alignment - 1) / metadata_alignment * metadata_alignment;
   }

   // Total metadata for `config`: the instance header plus what the allocator asks for, or
   // SIZE_MAX when the allocator finds the configuration unusable.
   static std::size_t metadata_size(const Config &config) {
      const std::size_t own = A::metadata_size(config);
      if (own == SIZE_MAX || own > SIZE_MAX - header_size()) {
         return SIZE_MAX;
      }
      return header_size() + own;
   }

   // Builds the instance in `metadata`. Returns nullptr, after logging why, when the bytes do
   // not match metadata_size() or the allocator's constructor throws.
   static const memfrag_allocator_t *create(const memfrag_allocator_descriptor_t *descriptor,
                                            const Host &host, const Config &config,
                                            std::span<std::byte> metadata) noexcept {
      static_assert(alignof(Instance) <= metadata_alignment,
                    "the instance must fit the alignment the host guarantees");
      try {
         if (metadata.size() != metadata_size(config)) {
            host.log(MEMFRAG_LOG_ERROR, "metadata size differs from what metadata_size() asked");
            return nullptr;
         }
         if (reinterpret_cast<std::uintptr_t>(metadata.data()) % metadata_alignment != 0) {
            host.log(MEMFRAG_LOG_ERROR, "metadata is not aligned to 64 bytes");
            return nullptr;
         }
         const CreateContext context{config, metadata.subspan(header_size()), host};
         return &(new (metadata.data()) Instance(descriptor, context))->abi_;
      } catch (const std::exception &error) {
         host.logf(MEMFRAG_LOG_ERROR, "cannot create %s: %s", descriptor->id, error.what());
      } catch (...) {
         host.logf(MEMFRAG_LOG_ERROR, "cannot create %s: unknown error", descriptor->id);
      }
      return nullptr;
   }

   // The allocator behind an ABI handle this class created.
   static A &allocator_of(const memfrag_allocator_t *handle) noexcept {
      return static_cast<Instance *>(handle->plugin_data)->allocator_;
   }

 private:
   Instance(const memfrag_allocator_descriptor_t *descriptor, const CreateContext &context)
       : abi_{descriptor, this, &alloc, &free, &get_extension, &destroy}, host_(context.host),
         allocator_(context) {}

   static uint64_t alloc(const memfrag_allocator_t *handle, uint32_t order, uint32_t flags,
                         uint32_t cpu) noexcept {
      A &allocator = allocator_of(handle);
      if constexpr (noexcept(allocator.alloc(order, flags, cpu))) {
         return allocator.alloc(order, flags, cpu);
      } else {
         try {
            return allocator.alloc(order, flags, cpu);
         } catch (...) {
            log_escaped_exception(handle, "alloc");
            return MEMFRAG_NO_FRAME;
         }
      }
   }

   static void free(const memfrag_allocator_t *handle, uint64_t frame, uint32_t order,
                    uint32_t cpu) noexcept {
      A &allocator = allocator_of(handle);
      if constexpr (noexcept(allocator.free(frame, order, cpu))) {
         allocator.free(frame, order, cpu);
      } else {
         try {
            allocator.free(frame, order, cpu);
         } catch (...) {
            log_escaped_exception(handle, "free");
         }
      }
   }

   static void log_escaped_exception(const memfrag_allocator_t *handle, const char *hook) noexcept {
      const Host &host = static_cast<Instance *>(handle->plugin_data)->host_;
      host.logf(MEMFRAG_LOG_ERROR, "%s() threw; the call was treated as failed", hook);
   }

   static void destroy(const memfrag_allocator_t *handle) noexcept {
      static_cast<Instance *>(handle->plugin_data)->~Instance();
   }

   static const void *get_extension(const memfrag_allocator_t *handle,
                                    const char *extension_id) noexcept {
      if (extension_id == nullptr) {
         return nullptr;
      }
      if constexpr (HasHistogram<A>) {
         if (std::strcmp(extension_id, MEMFRAG_EXT_HISTOGRAM) == 0) {
            return &histogram_extension;
         }
      }
      if constexpr (HasValidate<A>) {
         if (std::strcmp(extension_id, MEMFRAG_EXT_VALIDATE) == 0) {
            return &validate_extension;
         }
      }
      if constexpr (HasStats<A>) {
         if (std::strcmp(extension_id, MEMFRAG_EXT_STATS) == 0) {
            return &stats_extension;
         }
      }
      if constexpr (HasOwnExtensions<A>) {
         try {
            return allocator_of(handle).extension(extension_id);
         } catch (...) {
            return nullptr;
         }
      }
      return nullptr;
   }

   static uint32_t free_blocks(const memfrag_allocator_t *handle, uint64_t *nr_free,
                               uint32_t capacity) noexcept {
      const A &allocator = allocator_of(handle);
      const uint32_t orders = allocator.order_count();
      for (uint32_t order = 0; order < orders && order < capacity; ++order) {
         nr_free[order] = allocator.free_blocks(order);
      }
      return orders;
   }

   // A throwing validate() cannot vouch for the invariants, so it counts as a failure.
   static bool validate(const memfrag_allocator_t *handle, char *message,
                        std::size_t capacity) noexcept {
      Diagnostic diagnostic(message, capacity);
      try {
         if (allocator_of(handle).validate(diagnostic)) {
            return true;
         }
         if (!diagnostic.failed()) {
            diagnostic.fail("an invariant is broken (no description given)");
         }
      } catch (const std::exception &error) {
         diagnostic.fail("validate() threw: %s", error.what());
      } catch (...) {
         diagnostic.fail("validate() threw");
      }
      return false;
   }

   static uint32_t stat_count(const memfrag_allocator_t *) noexcept {
      return static_cast<uint32_t>(std::size(A::stat_names));
   }

   static bool stat(const memfrag_allocator_t *handle, uint32_t index,
                    memfrag_stat_t *out) noexcept {
      if (index >= std::size(A::stat_names)) {
         return false;
      }
      try {
         out->value = allocator_of(handle).stat_value(index);
      } catch (...) {
         return false;
      }
      out->name = A::stat_names[index];
      return true;
   }

   static constexpr memfrag_ext_histogram_t histogram_extension{&free_blocks};
   static constexpr memfrag_ext_validate_t validate_extension{&validate};
   static constexpr memfrag_ext_stats_t stats_extension{&stat_count, &stat};

   memfrag_allocator_t abi_;
   Host host_;
   A allocator_;
};

// The allocator of type A behind a handle created by the helper layer, for the functions of an
// allocator's own extensions.
template <Allocator A> A &allocator_of(const memfrag_allocator_t *handle) noexcept {
   return Instance<A>::allocator_of(handle);
}

} // namespace memfrag::cpp
