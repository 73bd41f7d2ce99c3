// The allocator factory of a library written with the helper layer: lists the allocator classes
// given as template arguments, finds one by id, and exports their descriptors, parameter
// schemas, metadata sizes and instances through the C factory struct.
#pragma once

#include "../memfrag.h"
#include "allocator_concepts.hpp"
#include "instance.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <exception>
#include <span>
#include <string_view>

namespace memfrag::cpp {

// True when `id` follows the descriptor rules of factory.h.
constexpr bool is_valid_allocator_id(std::string_view id) {
   if (id.empty() || id.size() > 63 || id[0] < 'a' || id[0] > 'z') {
      return false;
   }
   for (const char c : id) {
      const bool allowed = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
      if (!allowed) {
         return false;
      }
   }
   return true;
}

template <Allocator... As> class Factory {
   static_assert(sizeof...(As) > 0, "a factory lists at least one allocator");
   static_assert(
       (is_valid_allocator_id(As::info.id) && ...),
       "allocator ids are lower-case letters, digits, '-' and '_', starting with a letter");

 public:
   // The C factory, a constant for the life of the library.
   static const memfrag_allocator_factory_t *get() noexcept { return &factory; }

 private:
   static constexpr bool ids_are_unique() {
      constexpr std::array<std::string_view, sizeof...(As)> ids{As::info.id...};
      for (std::size_t i = 0; i < ids.size(); ++i) {
         for (std::size_t j = i + 1; j < ids.size(); ++j) {
            if (ids[i] == ids[j]) {
               return false;
            }
         }
      }
      return true;
   }
   static_assert(ids_are_unique(), "allocator ids must be unique within a library");

   template <Allocator A> static constexpr memfrag_allocator_descriptor_t describe() {
      return {MEMFRAG_ABI_VERSION_INIT, A::info.id,          A::info.name,    A::info.vendor,
              A::info.version,          A::info.description, A::info.features};
   }

   // Calls `visit.template operator()<A>(index)` for the allocator whose id is `allocator_id`
   // and returns its result, or `fallback` when no allocator has that id.
   template <class Result, class Visitor>
   static Result with_allocator(const char *allocator_id, Result fallback, Visitor &&visit) {
      if (allocator_id == nullptr) {
         return fallback;
      }
      Result result = fallback;
      std::size_t index = 0;
      const auto try_one = [&]<class A>() {
         const bool matches = std::strcmp(allocator_id, A::info.id) == 0;
         if (matches) {
            result = visit.template operator()<A>(index);
         }
         ++index;
         return matches;
      };
      (try_one.template operator()<As>() || ...);
      return result;
   }

   static uint32_t count(const memfrag_allocator_factory_t *) noexcept { return sizeof...(As); }

   static const memfrag_allocator_descriptor_t *get_descriptor(const memfrag_allocator_factory_t *,
                                                               uint32_t index) noexcept {
      return index < descriptors.size() ? &descriptors[index] : nullptr;
   }

   static const void *get_descriptor_extension(const memfrag_allocator_factory_t *,
                                               const char *allocator_id,
                                               const char *extension_id) noexcept {
      if (extension_id == nullptr || std::strcmp(extension_id, MEMFRAG_EXT_PARAMS) != 0) {
         return nullptr;
      }
      return with_allocator<const void *>(allocator_id, nullptr,
                                          []<class A>(std::size_t) -> const void * {
                                             if constexpr (HasParams<A>) {
                                                return &params_extension;
                                             }
                                             return nullptr;
                                          });
   }

   // The declared schema of an allocator: empty when it declares none.
   template <Allocator A> static constexpr std::span<const memfrag_param_info_t> schema_of() {
      if constexpr (HasParams<A>) {
         return A::params;
      }
      return {};
   }

   static uint32_t param_count(const memfrag_allocator_factory_t *,
                               const char *allocator_id) noexcept {
      return with_allocator<uint32_t>(allocator_id, 0, []<class A>(std::size_t) {
         return static_cast<uint32_t>(schema_of<A>().size());
      });
   }

   static bool param_info(const memfrag_allocator_factory_t *, const char *allocator_id,
                          uint32_t index, memfrag_param_info_t *out) noexcept {
      return with_allocator<bool>(allocator_id, false, [&]<class A>(std::size_t) {
         const auto schema = schema_of<A>();
         if (index >= schema.size()) {
            return false;
         }
         *out = schema[index];
         return true;
      });
   }

   static std::size_t metadata_size(const memfrag_allocator_factory_t *, const char *allocator_id,
                                    const memfrag_instance_config_t *config) noexcept {
      if (config == nullptr || config->region == nullptr) {
         return SIZE_MAX;
      }
      return with_allocator<std::size_t>(allocator_id, SIZE_MAX, [&]<class A>(std::size_t) {
         try {
            return Instance<A>::metadata_size(Config{*config->region, {schema_of<A>(), *config}});
         } catch (...) {
            return SIZE_MAX;
         }
      });
   }

   static const memfrag_allocator_t *create(const memfrag_allocator_factory_t *,
                                            const memfrag_host_t *host, const char *allocator_id,
                                            const memfrag_instance_config_t *config, void *metadata,
                                            std::size_t metadata_size) noexcept {
      const Host host_handle(host);
      if (config == nullptr || config->region == nullptr) {
         host_handle.log(MEMFRAG_LOG_ERROR, "create() was given no region");
         return nullptr;
      }
      const memfrag_allocator_t *created = with_allocator<const memfrag_allocator_t *>(
          allocator_id, nullptr, [&]<class A>(std::size_t index) -> const memfrag_allocator_t * {
             try {
                const Config instance_config{*config->region, {schema_of<A>(), *config}};
                const std::span<std::byte> bytes(static_cast<std::byte *>(metadata), metadata_size);
                return Instance<A>::create(&descriptors[index], host_handle, instance_config,
                                           bytes);
             } catch (const std::exception &error) {
                host_handle.logf(MEMFRAG_LOG_ERROR, "cannot create %s: %s", A::info.id,
                                 error.what());
                return nullptr;
             }
          });
      if (created == nullptr && allocator_id != nullptr && !is_known(allocator_id)) {
         host_handle.logf(MEMFRAG_LOG_ERROR, "no allocator '%s' in this library", allocator_id);
      }
      return created;
   }

   static bool is_known(const char *allocator_id) noexcept {
      return with_allocator<bool>(allocator_id, false, []<class A>(std::size_t) { return true; });
   }

   static constexpr std::array<memfrag_allocator_descriptor_t, sizeof...(As)> descriptors{
       describe<As>()...};
   static constexpr memfrag_ext_params_t params_extension{&param_count, &param_info};
   static constexpr memfrag_allocator_factory_t factory{
       &count, &get_descriptor, &get_descriptor_extension, &metadata_size, &create};
};

} // namespace memfrag::cpp
