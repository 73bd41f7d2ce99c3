/* Background work (daemons such as a high-order-aware kswapd or a proactive compactor): the
 * plugin offers the work as an instance extension, the host decides when it runs.
 *
 * Two modes, chosen by the host (workload key `background`, recorded in results):
 *   inline  (the default, reproducible): run() is called on the thread driving the instance,
 *           between two operations: after every period_ops() host operations, and right after
 *           the alloc() or free() during which the plugin called wake(). With several worker
 *           threads, every other worker is paused between two operations meanwhile; run() is
 *           called right after the operation during which wake() was called (or after which
 *           run() returned nonzero), on the thread of the worker that sees it first, and on
 *           the first worker's thread at its checks (every few dozen of its operations) once
 *           period_ops() operations have passed.
 *   thread: run() is called on a thread of its own, pinned to a CPU of its own when one is
 *           available, when woken and at least every millisecond, with every worker paused
 *           between two operations.
 * Either way run() never runs concurrently with alloc() or free() of the instance. The host
 * measures the CPU time spent in run(). */
#ifndef MEMFRAG_EXT_BACKGROUND_H
#define MEMFRAG_EXT_BACKGROUND_H

#include "../allocator.h"
#include "../host.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Host side: waking the daemon. */
#define MEMFRAG_EXT_BACKGROUND "memfrag.background/1"

/* Plugin side, an instance extension: the daemon itself. */
#define MEMFRAG_EXT_BACKGROUND_WORK "memfrag.background-work/1"

typedef struct memfrag_host_background {
   /* Asks the host to run the instance's background work soon (see the modes above). Cheap;
    * calling it again before the work ran changes nothing.
    * [alloc-thread] From alloc(), free() or run(). */
   void (*wake)(const memfrag_host_t *host);
} memfrag_host_background_t;

typedef struct memfrag_ext_background_work {
   /* Inline mode: host operations between two unprompted calls of run(); 0 for none (run()
    * only after wake()). Constant for the life of the instance.
    * [main-thread] */
   uint32_t (*period_ops)(const memfrag_allocator_t *allocator);

   /* Does one bounded pass of background work. May call the world services (reclaim.h,
    * reclaim_frame.h, migrate.h), which free or move blocks as from alloc(). Returns true when
    * more work remains: the host then calls it again at its next point (inline mode: after the
    * next operation), false when the daemon may sleep until woken.
    * [background] Never concurrently with alloc(), free() or another run() of the instance. */
   bool (*run)(const memfrag_allocator_t *allocator);
} memfrag_ext_background_work_t;

#ifdef __cplusplus
}
#endif

#endif
