#include "loaded_plugin.hpp"

#include <dlfcn.h>
#include <stdexcept>

namespace memfrag::test {

std::string built_plugin_path(const std::string &name) {
   return std::string(MEMFRAG_TEST_PLUGIN_DIR) + "/lib" + name + ".so";
}

namespace {

std::string dl_error_text() {
   const char *error = dlerror();
   return error != nullptr ? error : "unknown dynamic loader error";
}

} // namespace

LoadedPlugin::LoadedPlugin(const std::string &path) {
   library_ = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
   if (library_ == nullptr) {
      throw std::runtime_error("dlopen " + path + ": " + dl_error_text());
   }
   entry_ = static_cast<const memfrag_plugin_entry_t *>(dlsym(library_, MEMFRAG_ENTRY_SYMBOL));
   if (entry_ == nullptr || !memfrag_version_is_compatible(entry_->abi_version) ||
       !entry_->init(path.c_str())) {
      dlclose(library_);
      throw std::runtime_error(path + ": no compatible entry, or init() failed");
   }
   factory_ = static_cast<const memfrag_allocator_factory_t *>(
       entry_->get_factory(MEMFRAG_ALLOCATOR_FACTORY_ID));
   if (factory_ == nullptr) {
      entry_->deinit();
      dlclose(library_);
      throw std::runtime_error(path + ": no allocator factory");
   }
}

LoadedPlugin::~LoadedPlugin() {
   entry_->deinit();
   dlclose(library_);
}

std::vector<const memfrag_allocator_descriptor_t *> LoadedPlugin::descriptors() const {
   std::vector<const memfrag_allocator_descriptor_t *> result;
   for (uint32_t index = 0; index < factory_->count(factory_); ++index) {
      result.push_back(factory_->get_descriptor(factory_, index));
   }
   return result;
}

std::vector<memfrag_param_info_t>
LoadedPlugin::param_schema(const std::string &allocator_id) const {
   const auto *params = static_cast<const memfrag_ext_params_t *>(
       factory_->get_descriptor_extension(factory_, allocator_id.c_str(), MEMFRAG_EXT_PARAMS));
   std::vector<memfrag_param_info_t> schema;
   if (params == nullptr) {
      return schema;
   }
   for (uint32_t index = 0; index < params->count(factory_, allocator_id.c_str()); ++index) {
      memfrag_param_info_t info{};
      if (params->get(factory_, allocator_id.c_str(), index, &info)) {
         schema.push_back(info);
      }
   }
   return schema;
}

} // namespace memfrag::test
