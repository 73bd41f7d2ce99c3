/* memfrag plugin ABI: the single exported symbol.
 *
 * A plugin library exports exactly one symbol, `memfrag_plugin_entry`, of type
 * memfrag_plugin_entry_t. Everything else is reached through it. Build plugins with a version
 * script (or memfrag_add_plugin() from the CMake package) so no other symbol is exported.
 *
 * Thread tags used in these headers:
 *   [main-thread]  called by the host's controlling thread, never concurrently with any other call
 *                  into the same plugin library or instance.
 *   [alloc-thread] called by a worker thread that drives an instance; see allocator.h for when
 *                  several may call at once.
 *   [any-thread]   may be called from any thread, concurrently with anything.
 *   [background]   called by the host's background point for an instance (ext/background.h):
 *                  never concurrently with alloc() or free() of that instance.
 */
#ifndef MEMFRAG_ENTRY_H
#define MEMFRAG_ENTRY_H

#include "version.h"

#ifdef __cplusplus
extern "C" {
#endif

#define MEMFRAG_ENTRY_SYMBOL "memfrag_plugin_entry"

/* Marks the entry symbol for export even when the plugin is compiled with hidden visibility (as
 * memfrag_add_plugin() does): define the entry as
 *   MEMFRAG_EXPORT const memfrag_plugin_entry_t memfrag_plugin_entry = { ... };          */
#if defined(__GNUC__) || defined(__clang__)
#define MEMFRAG_EXPORT __attribute__((visibility("default")))
#else
#define MEMFRAG_EXPORT
#endif

typedef struct memfrag_plugin_entry {
   /* ABI version the plugin was built against; the host refuses a different major. */
   memfrag_version_t abi_version;

   /* Prepares the library. `plugin_path` is the file the host loaded (owned by the host, valid
    * only during the call). Returns false if the library cannot work; the host then unloads it
    * without calling deinit().
    * [main-thread] Called once, after dlopen, before any other function of the library. */
   bool (*init)(const char *plugin_path);

   /* Releases what init() acquired. No instance of this library is alive when it is called.
    * [main-thread] Called once, before dlclose, only if init() returned true. */
   void (*deinit)(void);

   /* Returns the factory registered under `factory_id` (for example
    * MEMFRAG_ALLOCATOR_FACTORY_ID), or NULL when the library has none by that id. The pointer is
    * owned by the plugin and valid until deinit().
    * [main-thread] Only between init() and deinit(). */
   const void *(*get_factory)(const char *factory_id);
} memfrag_plugin_entry_t;

/* The one symbol a plugin library exports. */
extern MEMFRAG_EXPORT const memfrag_plugin_entry_t memfrag_plugin_entry;

#ifdef __cplusplus
}
#endif

#endif
