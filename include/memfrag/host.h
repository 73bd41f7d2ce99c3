/* memfrag plugin ABI: the host as seen by a plugin instance. */
#ifndef MEMFRAG_HOST_H
#define MEMFRAG_HOST_H

#include "version.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct memfrag_host {
   /* ABI version of the host. */
   memfrag_version_t abi_version;

   /* Private to the host; the plugin never reads or writes it. */
   void *host_data;

   const char *name;    /* "memfrag" */
   const char *version; /* host version, e.g. "0.1.0" */

   /* Returns the host service registered under `extension_id` (ext/log.h and the ids reserved in
    * ext/reserved.h), or NULL when this host does not offer it. Owned by the host, valid until
    * the instance is destroyed. Plugins look services up in create() and keep the pointers.
    * [any-thread] */
   const void *(*get_extension)(const struct memfrag_host *host, const char *extension_id);
} memfrag_host_t;

#ifdef __cplusplus
}
#endif

#endif
