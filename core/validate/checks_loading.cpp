// Checks of the library as a file and as loaded: immediate binding, exported symbols, the
// descriptors and parameter schemas it declares.
#include "core/plugin/elf_check.hpp"
#include "core/plugin/elf_symbols.hpp"
#include "core/validate/checks.hpp"

#include <dlfcn.h>
#include <memory>

namespace memfrag::validate {
namespace {

struct LoadedHandle {
   void *handle;
   ~LoadedHandle() { dlclose(handle); }
};

std::string version_text(const memfrag_version_t &version) {
   return std::to_string(version.major) + "." + std::to_string(version.minor) + "." +
          std::to_string(version.revision);
}

const memfrag_plugin_entry_t &entry_of(const std::string &path, const LoadedHandle &loaded) {
   const auto *entry =
       static_cast<const memfrag_plugin_entry_t *>(dlsym(loaded.handle, MEMFRAG_ENTRY_SYMBOL));
   if (entry == nullptr) {
      throw CheckFailed(path + ": no '" MEMFRAG_ENTRY_SYMBOL "' symbol");
   }
   if (!memfrag_version_is_compatible(entry->abi_version)) {
      throw CheckFailed("built for plugin ABI " + version_text(entry->abi_version) +
                        ", this host speaks " + std::to_string(MEMFRAG_ABI_VERSION_MAJOR) + ".x");
   }
   if (entry->init == nullptr || entry->deinit == nullptr || entry->get_factory == nullptr) {
      throw CheckFailed("the entry leaves init, deinit or get_factory unset");
   }
   return *entry;
}

void expect_text(const std::string &where, const char *field, const std::string &value) {
   if (value.empty()) {
      throw CheckFailed(where + ": " + field + " is empty");
   }
}

void expect_described(const plugin::AllocatorInfo &info) {
   expect_text(info.id, "name", info.name);
   expect_text(info.id, "vendor", info.vendor);
   expect_text(info.id, "version", info.version);
   expect_text(info.id, "description", info.description);
   for (const auto &spec : info.params) {
      expect_text(info.id + "." + spec.name, "doc", spec.doc);
   }
}

} // namespace

std::string check_loads(const CheckContext &context) {
   if (auto problem = plugin::elf_shared_object_problem(context.path)) {
      throw CheckFailed(*problem);
   }
   void *handle = dlopen(context.path.c_str(), RTLD_NOW | RTLD_LOCAL);
   if (handle == nullptr) {
      const char *reason = dlerror();
      throw CheckFailed(std::string("dlopen with immediate binding: ") +
                        (reason != nullptr ? reason : "unknown error"));
   }
   LoadedHandle loaded{handle};
   const memfrag_plugin_entry_t &entry = entry_of(context.path, loaded);
   if (!entry.init(context.path.c_str())) {
      throw CheckFailed("init() returned false");
   }
   entry.deinit();
   return "immediate binding, ABI " + version_text(entry.abi_version) + ", init() and deinit()";
}

std::string check_exports(const CheckContext &context) {
   std::vector<std::string> exported;
   try {
      exported = plugin::exported_symbols(context.path);
   } catch (const std::exception &error) {
      throw CheckFailed(error.what());
   }
   bool has_entry = false;
   std::string others;
   for (const auto &name : exported) {
      if (name == MEMFRAG_ENTRY_SYMBOL) {
         has_entry = true;
      } else {
         others += (others.empty() ? "" : ", ") + name;
      }
   }
   if (!others.empty()) {
      throw CheckFailed("exports more than " MEMFRAG_ENTRY_SYMBOL ": " + others +
                        " (build with memfrag_add_plugin() or the memfrag-plugin.map version "
                        "script)");
   }
   if (!has_entry) {
      throw CheckFailed("does not export " MEMFRAG_ENTRY_SYMBOL);
   }
   return "the dynamic symbol table exports only " MEMFRAG_ENTRY_SYMBOL;
}

std::string check_descriptor(const CheckContext &context) {
   std::unique_ptr<plugin::Library> library;
   try {
      library = std::make_unique<plugin::Library>(context.path);
   } catch (const plugin::PluginError &error) {
      throw CheckFailed(error.what());
   }
   std::size_t params = 0;
   for (const auto *info : context.allocators(*library)) {
      expect_described(*info);
      params += info->params.size();
   }
   return std::to_string(library->allocators().size()) + " allocator(s), " +
          std::to_string(params) + " parameter(s) checked";
}

} // namespace memfrag::validate
