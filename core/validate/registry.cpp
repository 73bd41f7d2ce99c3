#include "core/validate/registry.hpp"

#include "core/validate/checks.hpp"

namespace memfrag::validate {

// A check runs only when the checks it needs passed: a library that does not load cannot be
// walked, and a plugin that breaks the contract or writes outside its metadata makes every later
// figure meaningless. So each defect fails the one check that is about it.
const std::vector<Check> &all_checks() {
   static const std::vector<Check> checks{
       {"loads",
        "loads with immediate binding (RTLD_NOW), ABI major matches, init() succeeds",
        {},
        &check_loads},
       {"exports",
        "the ELF dynamic symbol table exports only memfrag_plugin_entry",
        {},
        &check_exports},
       {"descriptor",
        "factory, descriptors and parameter schemas are well formed",
        {"loads"},
        &check_descriptor},
       {"create-destroy",
        "instances can be created and destroyed repeatedly, two at once",
        {"descriptor"},
        &check_create_destroy},
       {"contract",
        "seeded random walks under the contract checker, validate() along the way",
        {"create-destroy"},
        &check_contract},
       {"metadata-bounds",
        "reads and writes stay inside the metadata bytes (guard pages around them)",
        {"contract"},
        &check_metadata_bounds},
       {"frame-memory",
        "frame memory is never touched (region mapped inaccessible)",
        {"metadata-bounds"},
        &check_frame_memory},
       {"drain", "freeing every block gives every frame back", {"metadata-bounds"}, &check_drain},
       {"odd-regions",
        "regions of 0, 1, 3 and other sizes that are not a power of two",
        {"metadata-bounds"},
        &check_odd_regions},
       {"bad-params",
        "unknown ids and missing values refused, every declared extreme handled",
        {"create-destroy"},
        &check_bad_params},
       {"determinism", "the same seed gives the same blocks", {"contract"}, &check_determinism},
       {"concurrency",
        "concurrent alloc()/free() of a plugin declared thread-safe",
        {"contract"},
        &check_concurrency},
       {"exact-size",
        "runs of any length through the exact-size extension, mixed with blocks",
        {"contract"},
        &check_exact_size},
       {"leak",
        "no malloc'd memory retained across create/destroy cycles",
        {"contract"},
        &check_leak},
   };
   return checks;
}

const Check *find_check(std::string_view name) {
   for (const Check &check : all_checks()) {
      if (name == check.name) {
         return &check;
      }
   }
   return nullptr;
}

} // namespace memfrag::validate
