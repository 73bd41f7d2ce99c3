// Loading a plugin library: dlopen with immediate binding, then every check that turns a broken
// or incompatible library into one clear line instead of a crash later.
#pragma once

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include <memfrag/memfrag.h>

#include "core/plugin/params.hpp"

namespace memfrag::plugin {

// A library that cannot be used. what() is one line: "<path>: <what is wrong>".
class PluginError : public std::runtime_error {
 public:
   using std::runtime_error::runtime_error;
};

// One allocator a library offers, as the host sees it.
struct AllocatorInfo {
   std::string id, name, vendor, version, description;
   bool thread_safe = false;
   std::vector<ParamSpec> params;
};

class Library {
 public:
   // Loads and checks `path`: file exists and is an ELF shared object, loads with immediate
   // binding, exports the entry symbol, ABI major matches, init() succeeds, offers an allocator
   // factory whose descriptors are well formed. Throws PluginError.
   explicit Library(const std::string &path);
   ~Library();
   Library(const Library &) = delete;
   Library &operator=(const Library &) = delete;

   const std::string &path() const { return path_; }
   const std::vector<AllocatorInfo> &allocators() const { return allocators_; }
   const memfrag_allocator_factory_t &factory() const { return *factory_; }
   // The allocator with `id`; throws PluginError naming the ids available.
   const AllocatorInfo &allocator(const std::string &id) const;

 private:
   void read_allocators();
   std::string path_;
   void *handle_ = nullptr;
   const memfrag_plugin_entry_t *entry_ = nullptr;
   const memfrag_allocator_factory_t *factory_ = nullptr;
   std::vector<AllocatorInfo> allocators_;
};

} // namespace memfrag::plugin
