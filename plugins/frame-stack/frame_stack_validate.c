/* The frame stack's invariant check: every stack entry is an in-range frame whose slot points
 * back at the entry, and exactly `top` frames have a slot. Together they prove the stack holds
 * each free frame once and nothing else. */
#include "frame_stack.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>

static bool report(char *message, size_t capacity, const char *format, ...)
    __attribute__((format(printf, 3, 4)));

static bool report(char *message, size_t capacity, const char *format, ...) {
   if (capacity > 0) {
      va_list arguments;
      va_start(arguments, format);
      vsnprintf(message, capacity, format, arguments);
      va_end(arguments);
   }
   return false;
}

static bool validate_entries(const frame_stack_t *stack, char *message, size_t capacity) {
   for (uint32_t index = 0; index < stack->top; ++index) {
      const uint32_t frame = stack->stack[index];
      if (frame >= stack->frame_count) {
         return report(message, capacity,
                       "stack entry %" PRIu32 " holds frame %" PRIu32 ", outside the region", index,
                       frame);
      }
      if (stack->slots[frame] != index) {
         return report(message, capacity,
                       "stack entry %" PRIu32 " holds frame %" PRIu32
                       " whose slot does not point back at it",
                       index, frame);
      }
   }
   return true;
}

static bool validate_slots(const frame_stack_t *stack, char *message, size_t capacity) {
   uint64_t free_frames = 0;
   for (uint32_t frame = 0; frame < stack->frame_count; ++frame) {
      const uint32_t slot = stack->slots[frame];
      if (slot == FRAME_STACK_ALLOCATED) {
         continue;
      }
      if (slot >= stack->top) {
         return report(message, capacity,
                       "frame %" PRIu32 " has slot %" PRIu32 " above the stack top %" PRIu32, frame,
                       slot, stack->top);
      }
      ++free_frames;
   }
   if (free_frames != stack->top) {
      return report(message, capacity,
                    "%" PRIu64 " frames have a slot but the stack holds %" PRIu32, free_frames,
                    stack->top);
   }
   return true;
}

bool frame_stack_validate(const frame_stack_t *stack, char *message, size_t capacity) {
   if (stack->top > stack->frame_count) {
      return report(message, capacity, "stack top %" PRIu32 " is above the frame count %" PRIu32,
                    stack->top, stack->frame_count);
   }
   if (!validate_entries(stack, message, capacity) || !validate_slots(stack, message, capacity)) {
      return false;
   }
   if (capacity > 0) {
      message[0] = '\0';
   }
   return true;
}
