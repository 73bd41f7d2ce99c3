// A plugin library loaded through the raw C ABI, as the host will load it: dlopen with
// RTLD_NOW, the entry symbol, the version check, init(), the allocator factory.
#pragma once

#include "memfrag/memfrag.h"

#include <string>
#include <vector>

namespace memfrag::test {

// Path of the built plugin named `name` (lib<name>.so in the build tree's plugin directory).
std::string built_plugin_path(const std::string &name);

class LoadedPlugin {
 public:
   // Loads the library at `path`; throws std::runtime_error naming the step that failed.
   explicit LoadedPlugin(const std::string &path);
   ~LoadedPlugin();
   LoadedPlugin(const LoadedPlugin &) = delete;
   LoadedPlugin &operator=(const LoadedPlugin &) = delete;

   const memfrag_plugin_entry_t &entry() const { return *entry_; }
   const memfrag_allocator_factory_t &factory() const { return *factory_; }

   // The descriptors the factory lists, in its order.
   std::vector<const memfrag_allocator_descriptor_t *> descriptors() const;

   // The declared parameter schema of `allocator_id` (empty without the params extension).
   std::vector<memfrag_param_info_t> param_schema(const std::string &allocator_id) const;

 private:
   void *library_ = nullptr;
   const memfrag_plugin_entry_t *entry_ = nullptr;
   const memfrag_allocator_factory_t *factory_ = nullptr;
};

} // namespace memfrag::test
