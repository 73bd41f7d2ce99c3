/* Host extension ids of the world's services. Each is specified in its own header; this one is
 * kept so that plugins built against ABI 1.0 headers, which found the ids here, still build. A
 * host that does not offer a service returns NULL for its id; plugins must work (with less
 * mitigation) when it does. */
#ifndef MEMFRAG_EXT_RESERVED_H
#define MEMFRAG_EXT_RESERVED_H

#include "background.h"
#include "migrate.h"
#include "reclaim.h"
#include "reclaim_frame.h"
#include "vmap.h"

#endif
