/* The frame stack: a LIFO of free frame numbers in host-given metadata, order 0 only. The
 * smallest allocator the ABI admits, and so the measure of what the harness itself costs. */
#ifndef MEMFRAG_FRAME_STACK_H
#define MEMFRAG_FRAME_STACK_H

#include "memfrag/memfrag.h"

#include <stddef.h>
#include <stdint.h>

/* Slot value of a frame that is handed out, not on the stack. */
#define FRAME_STACK_ALLOCATED UINT32_MAX

/* The instance, at the start of its metadata; the two per-frame arrays follow it. */
typedef struct frame_stack {
   memfrag_allocator_t abi;
   uint32_t frame_count;
   /* Number of free frames: stack[0 .. top) holds them, the next one handed out last. */
   uint32_t top;
   uint32_t *stack;
   /* slots[frame] is the frame's index in `stack`, or FRAME_STACK_ALLOCATED. The inverse of
    * `stack`: it rejects a double free in O(1) and lets validate() prove the stack holds each
    * free frame exactly once without scratch memory. */
   uint32_t *slots;
} frame_stack_t;

/* Returns the most recently freed frame, or MEMFRAG_NO_FRAME when none is free. */
static inline uint64_t frame_stack_pop(frame_stack_t *stack) {
   if (stack->top == 0) {
      return MEMFRAG_NO_FRAME;
   }
   const uint32_t frame = stack->stack[--stack->top];
   stack->slots[frame] = FRAME_STACK_ALLOCATED;
   return frame;
}

/* Puts `frame` back; a frame out of range or not handed out is ignored, which keeps the stack
 * consistent when the host breaks its side of the contract. */
static inline void frame_stack_push(frame_stack_t *stack, uint64_t frame) {
   if (frame >= stack->frame_count || stack->slots[frame] != FRAME_STACK_ALLOCATED) {
      return;
   }
   stack->slots[frame] = stack->top;
   stack->stack[stack->top++] = (uint32_t)frame;
}

/* Checks that `stack` and `slots` are inverse of each other over the free frames. Returns true
 * when they are, else false with a one-line description in `message` (see ext/validate.h). */
bool frame_stack_validate(const frame_stack_t *stack, char *message, size_t capacity);

#endif
