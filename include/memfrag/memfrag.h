/* memfrag plugin ABI v1: umbrella header. Include this from a plugin.
 *
 * The contract in one paragraph: a plugin library exports `memfrag_plugin_entry` (entry.h). Its
 * get_factory(MEMFRAG_ALLOCATOR_FACTORY_ID) returns a memfrag_allocator_factory_t (factory.h)
 * listing one or more allocators. For each run the host asks metadata_size(), allocates those
 * bytes, and create()s an instance (allocator.h) over a region of frames; it then calls alloc()
 * and free() and the instance's extensions (ext/). The host owns all memory; the plugin owns
 * policy and returns region-relative frame numbers.
 */
#ifndef MEMFRAG_MEMFRAG_H
#define MEMFRAG_MEMFRAG_H

#include "allocator.h"
#include "entry.h"
#include "factory.h"
#include "host.h"
#include "version.h"

#include "ext/background.h"
#include "ext/exact.h"
#include "ext/histogram.h"
#include "ext/log.h"
#include "ext/migrate.h"
#include "ext/params.h"
#include "ext/reclaim.h"
#include "ext/reclaim_frame.h"
#include "ext/reserved.h"
#include "ext/stats.h"
#include "ext/validate.h"
#include "ext/vmap.h"

#endif
