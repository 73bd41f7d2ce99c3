/* The frame-stack plugin written against the raw C ABI, with no helper layer: the library entry,
 * the factory, the instance functions and its extensions. */
#include "frame_stack.h"
#include "memfrag/memfrag.h"

#include <stdalign.h>
#include <string.h>

#define FRAME_STACK_ID "frame-stack"

/* Frames are numbered by uint32 with FRAME_STACK_ALLOCATED reserved. */
#define FRAME_STACK_MAX_FRAMES ((uint64_t)FRAME_STACK_ALLOCATED - 1)

/* The host aligns metadata to 64 bytes; the arrays start at the next such boundary after the
 * instance. */
#define FRAME_STACK_HEADER_SIZE ((sizeof(frame_stack_t) + 63) / 64 * 64)

static const memfrag_allocator_descriptor_t descriptor = {
    .abi_version = MEMFRAG_ABI_VERSION_INIT,
    .id = FRAME_STACK_ID,
    .name = "Frame stack",
    .vendor = "memfrag",
    .version = "1.0.0",
    .description = "Order-0 only LIFO of free frames: the harness-overhead baseline.",
    .features = 0,
};

static frame_stack_t *instance_of(const memfrag_allocator_t *allocator) {
   return (frame_stack_t *)allocator->plugin_data;
}

/* Instance functions. */

static uint64_t stack_alloc(const memfrag_allocator_t *allocator, uint32_t order, uint32_t flags,
                            uint32_t cpu) {
   (void)flags;
   (void)cpu;
   if (order != 0) {
      return MEMFRAG_NO_FRAME;
   }
   return frame_stack_pop(instance_of(allocator));
}

static void stack_free(const memfrag_allocator_t *allocator, uint64_t frame, uint32_t order,
                       uint32_t cpu) {
   (void)cpu;
   if (order == 0) {
      frame_stack_push(instance_of(allocator), frame);
   }
}

static uint32_t stack_free_blocks(const memfrag_allocator_t *allocator, uint64_t *nr_free,
                                  uint32_t capacity) {
   if (capacity > 0) {
      nr_free[0] = instance_of(allocator)->top;
   }
   return 1;
}

static bool stack_validate(const memfrag_allocator_t *allocator, char *message, size_t capacity) {
   return frame_stack_validate(instance_of(allocator), message, capacity);
}

static const memfrag_ext_histogram_t histogram_extension = {stack_free_blocks};
static const memfrag_ext_validate_t validate_extension = {stack_validate};

static const void *stack_get_extension(const memfrag_allocator_t *allocator,
                                       const char *extension_id) {
   (void)allocator;
   if (extension_id == NULL) {
      return NULL;
   }
   if (strcmp(extension_id, MEMFRAG_EXT_HISTOGRAM) == 0) {
      return &histogram_extension;
   }
   if (strcmp(extension_id, MEMFRAG_EXT_VALIDATE) == 0) {
      return &validate_extension;
   }
   return NULL;
}

/* Nothing to release: the instance lives in the host's metadata. */
static void stack_destroy(const memfrag_allocator_t *allocator) {
   (void)allocator;
}

/* Factory functions. */

static bool is_frame_stack(const char *allocator_id) {
   return allocator_id != NULL && strcmp(allocator_id, FRAME_STACK_ID) == 0;
}

static uint32_t factory_count(const memfrag_allocator_factory_t *factory) {
   (void)factory;
   return 1;
}

static const memfrag_allocator_descriptor_t *
factory_get_descriptor(const memfrag_allocator_factory_t *factory, uint32_t index) {
   (void)factory;
   return index == 0 ? &descriptor : NULL;
}

/* The frame stack declares no parameters and has no other descriptor-level extension. */
static const void *factory_get_descriptor_extension(const memfrag_allocator_factory_t *factory,
                                                    const char *allocator_id,
                                                    const char *extension_id) {
   (void)factory;
   (void)allocator_id;
   (void)extension_id;
   return NULL;
}

/* 8 bytes per frame: its stack entry and its slot. */
static size_t factory_metadata_size(const memfrag_allocator_factory_t *factory,
                                    const char *allocator_id,
                                    const memfrag_instance_config_t *config) {
   (void)factory;
   if (!is_frame_stack(allocator_id) || config->region->frame_count > FRAME_STACK_MAX_FRAMES) {
      return SIZE_MAX;
   }
   return FRAME_STACK_HEADER_SIZE + (size_t)config->region->frame_count * 2 * sizeof(uint32_t);
}

static void log_error(const memfrag_host_t *host, const char *message) {
   const memfrag_host_log_t *log = host != NULL && host->get_extension != NULL
                                       ? host->get_extension(host, MEMFRAG_EXT_LOG)
                                       : NULL;
   if (log != NULL && log->log != NULL) {
      log->log(host, MEMFRAG_LOG_ERROR, message);
   }
}

/* Every frame starts free, frame 0 on top so frames are handed out in ascending order. */
static void fill_stack(frame_stack_t *stack) {
   for (uint32_t index = 0; index < stack->frame_count; ++index) {
      const uint32_t frame = stack->frame_count - 1 - index;
      stack->stack[index] = frame;
      stack->slots[frame] = index;
   }
   stack->top = stack->frame_count;
}

static const memfrag_allocator_t *factory_create(const memfrag_allocator_factory_t *factory,
                                                 const memfrag_host_t *host,
                                                 const char *allocator_id,
                                                 const memfrag_instance_config_t *config,
                                                 void *metadata, size_t metadata_size) {
   if (factory_metadata_size(factory, allocator_id, config) != metadata_size) {
      log_error(host, "unknown allocator id, unusable region, or wrong metadata size");
      return NULL;
   }
   _Static_assert(alignof(frame_stack_t) <= 64, "the instance must fit the metadata alignment");
   frame_stack_t *stack = metadata;
   const uint32_t frame_count = (uint32_t)config->region->frame_count;
   uint32_t *arrays = (uint32_t *)((unsigned char *)metadata + FRAME_STACK_HEADER_SIZE);
   *stack = (frame_stack_t){
       .abi = {&descriptor, stack, stack_alloc, stack_free, stack_get_extension, stack_destroy},
       .frame_count = frame_count,
       .stack = arrays,
       .slots = arrays + frame_count,
   };
   fill_stack(stack);
   return &stack->abi;
}

static const memfrag_allocator_factory_t factory = {
    factory_count,         factory_get_descriptor, factory_get_descriptor_extension,
    factory_metadata_size, factory_create,
};

/* Library entry. Nothing library-wide to set up or release. */

static bool entry_init(const char *plugin_path) {
   (void)plugin_path;
   return true;
}

static void entry_deinit(void) {
}

static const void *entry_get_factory(const char *factory_id) {
   if (factory_id == NULL || strcmp(factory_id, MEMFRAG_ALLOCATOR_FACTORY_ID) != 0) {
      return NULL;
   }
   return &factory;
}

MEMFRAG_EXPORT const memfrag_plugin_entry_t memfrag_plugin_entry = {
    MEMFRAG_ABI_VERSION_INIT,
    entry_init,
    entry_deinit,
    entry_get_factory,
};
