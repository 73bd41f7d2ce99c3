#include "core/plugin/library.hpp"

#include <dlfcn.h>

#include <algorithm>
#include <filesystem>
#include <set>

#include "core/plugin/elf_check.hpp"
#include "core/support/suggest.hpp"

namespace memfrag::plugin {
namespace {

std::string version_text(const memfrag_version_t &version) {
   return std::to_string(version.major) + "." + std::to_string(version.minor) + "." +
          std::to_string(version.revision);
}

bool is_valid_id(const char *id) {
   if (id == nullptr || *id < 'a' || *id > 'z') {
      return false;
   }
   std::size_t length = 0;
   for (const char *c = id; *c != '\0'; ++c, ++length) {
      bool allowed = (*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '-' || *c == '_';
      if (!allowed || length >= 63) {
         return false;
      }
   }
   return true;
}

std::string text_or_empty(const char *text) { return text != nullptr ? text : ""; }

const char *param_type_name(int32_t type) {
   switch (type) {
   case MEMFRAG_PARAM_INT: return "int";
   case MEMFRAG_PARAM_FLOAT: return "float";
   case MEMFRAG_PARAM_BOOL: return "bool";
   case MEMFRAG_PARAM_STRING: return "string";
   default: return nullptr;
   }
}

ParamValue default_of(const memfrag_param_info_t &info) {
   switch (info.type) {
   case MEMFRAG_PARAM_INT: return info.default_value.as_int;
   case MEMFRAG_PARAM_FLOAT: return info.default_value.as_float;
   case MEMFRAG_PARAM_BOOL: return info.default_value.as_bool;
   default: return text_or_empty(info.default_value.as_string);
   }
}

// Converts one declared parameter; returns why it is malformed, or "" when it is fine.
std::string convert_param(const memfrag_param_info_t &info, ParamSpec &spec) {
   const char *type = param_type_name(info.type);
   if (info.name == nullptr || !is_valid_id(info.name)) {
      return "a parameter has a missing or invalid name";
   }
   if (type == nullptr) {
      return std::string("parameter '") + info.name + "' has an unknown type " +
             std::to_string(info.type);
   }
   spec.name = info.name;
   spec.doc = text_or_empty(info.doc);
   spec.type = type;
   spec.default_value = default_of(info);
   if (info.type == MEMFRAG_PARAM_INT) {
      if (info.min_int > info.max_int || info.default_value.as_int < info.min_int ||
          info.default_value.as_int > info.max_int) {
         return "parameter '" + spec.name + "' has a default outside its range or an empty range";
      }
      spec.min = info.min_int;
      spec.max = info.max_int;
   } else if (info.type == MEMFRAG_PARAM_FLOAT) {
      if (!(info.min_float <= info.max_float) || info.default_value.as_float < info.min_float ||
          info.default_value.as_float > info.max_float) {
         return "parameter '" + spec.name + "' has a default outside its range or an empty range";
      }
      spec.min = info.min_float;
      spec.max = info.max_float;
   } else if (info.type == MEMFRAG_PARAM_STRING) {
      if (info.default_value.as_string == nullptr) {
         return "parameter '" + spec.name + "' has no default string";
      }
      for (const char *const *choice = info.choices; choice != nullptr && *choice != nullptr;
           ++choice) {
         spec.choices.emplace_back(*choice);
      }
      if (!spec.choices.empty() &&
          std::find(spec.choices.begin(), spec.choices.end(),
                    std::get<std::string>(spec.default_value)) == spec.choices.end()) {
         return "parameter '" + spec.name + "' has a default that is not one of its choices";
      }
   }
   return "";
}

} // namespace

Library::Library(const std::string &path) : path_(path) {
   std::error_code error;
   if (!std::filesystem::exists(path, error)) {
      throw PluginError(path + ": no such file");
   }
   if (auto problem = elf_shared_object_problem(path)) {
      throw PluginError(path + ": " + *problem);
   }
   handle_ = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
   if (handle_ == nullptr) {
      const char *reason = dlerror();
      throw PluginError(path + ": cannot be loaded: " + (reason != nullptr ? reason : "unknown"));
   }
   entry_ = static_cast<const memfrag_plugin_entry_t *>(dlsym(handle_, MEMFRAG_ENTRY_SYMBOL));
   if (entry_ == nullptr) {
      dlclose(handle_);
      throw PluginError(path + ": no '" MEMFRAG_ENTRY_SYMBOL "' symbol: not a memfrag plugin");
   }
   if (!memfrag_version_is_compatible(entry_->abi_version)) {
      std::string found = version_text(entry_->abi_version);
      dlclose(handle_);
      throw PluginError(path + ": built for memfrag plugin ABI " + found + ", this host speaks " +
                        std::to_string(MEMFRAG_ABI_VERSION_MAJOR) + ".x");
   }
   if (entry_->init == nullptr || entry_->deinit == nullptr || entry_->get_factory == nullptr) {
      dlclose(handle_);
      throw PluginError(path + ": malformed entry: init, deinit and get_factory must all be set");
   }
   if (!entry_->init(path.c_str())) {
      dlclose(handle_);
      throw PluginError(path + ": the plugin's init() failed");
   }
   try {
      read_allocators();
   } catch (...) {
      entry_->deinit();
      dlclose(handle_);
      throw;
   }
}

Library::~Library() {
   entry_->deinit();
   dlclose(handle_);
}

void Library::read_allocators() {
   factory_ = static_cast<const memfrag_allocator_factory_t *>(
      entry_->get_factory(MEMFRAG_ALLOCATOR_FACTORY_ID));
   if (factory_ == nullptr) {
      throw PluginError(path_ + ": offers no allocator factory ('" MEMFRAG_ALLOCATOR_FACTORY_ID
                                "')");
   }
   if (factory_->count == nullptr || factory_->get_descriptor == nullptr ||
       factory_->metadata_size == nullptr || factory_->create == nullptr ||
       factory_->get_descriptor_extension == nullptr) {
      throw PluginError(path_ + ": malformed allocator factory: a function pointer is missing");
   }
   uint32_t count = factory_->count(factory_);
   if (count == 0) {
      throw PluginError(path_ + ": the allocator factory lists no allocator");
   }
   std::set<std::string> seen;
   for (uint32_t index = 0; index < count; ++index) {
      const memfrag_allocator_descriptor_t *desc = factory_->get_descriptor(factory_, index);
      std::string where = path_ + ": allocator " + std::to_string(index) + ": ";
      if (desc == nullptr) {
         throw PluginError(where + "descriptor is missing");
      }
      if (!memfrag_version_is_compatible(desc->abi_version)) {
         throw PluginError(where + "descriptor built for ABI " + version_text(desc->abi_version));
      }
      if (!is_valid_id(desc->id)) {
         throw PluginError(where + "id is missing or not of the form [a-z][a-z0-9_-]{0,62}");
      }
      if (!seen.insert(desc->id).second) {
         throw PluginError(where + "id '" + desc->id + "' is used twice");
      }
      AllocatorInfo info{desc->id,
                         text_or_empty(desc->name),
                         text_or_empty(desc->vendor),
                         text_or_empty(desc->version),
                         text_or_empty(desc->description),
                         (desc->features & MEMFRAG_ALLOCATOR_THREAD_SAFE) != 0,
                         {}};
      const auto *params = static_cast<const memfrag_ext_params_t *>(
         factory_->get_descriptor_extension(factory_, desc->id, MEMFRAG_EXT_PARAMS));
      if (params != nullptr) {
         if (params->count == nullptr || params->get == nullptr) {
            throw PluginError(where + "malformed params extension");
         }
         uint32_t param_count = params->count(factory_, desc->id);
         std::set<std::string> names;
         for (uint32_t p = 0; p < param_count; ++p) {
            memfrag_param_info_t raw{};
            if (!params->get(factory_, desc->id, p, &raw)) {
               throw PluginError(where + "params extension fails for parameter " +
                                 std::to_string(p));
            }
            ParamSpec spec;
            if (std::string problem = convert_param(raw, spec); !problem.empty()) {
               throw PluginError(where + problem);
            }
            if (!names.insert(spec.name).second) {
               throw PluginError(where + "parameter '" + spec.name + "' is declared twice");
            }
            info.params.push_back(std::move(spec));
         }
      }
      allocators_.push_back(std::move(info));
   }
}

const AllocatorInfo &Library::allocator(const std::string &id) const {
   std::vector<std::string> ids;
   for (const auto &info : allocators_) {
      if (info.id == id) {
         return info;
      }
      ids.push_back(info.id);
   }
   std::string listed;
   for (const auto &known : ids) {
      listed += (listed.empty() ? "" : ", ") + known;
   }
   throw PluginError(path_ + ": no allocator '" + id + "'" + support::did_you_mean(id, ids) +
                     "; it offers: " + listed);
}

} // namespace memfrag::plugin
