#include "core/validate/check.hpp"

namespace memfrag::validate {

const char *verdict_name(Verdict verdict) {
   switch (verdict) {
   case Verdict::pass:
      return "pass";
   case Verdict::fail:
      return "fail";
   case Verdict::skip:
      return "skip";
   }
   return "unknown";
}

std::unique_ptr<plugin::Library> CheckContext::load() const {
   try {
      return std::make_unique<plugin::Library>(path);
   } catch (const plugin::PluginError &error) {
      throw CheckFailed(error.what());
   }
}

std::vector<const plugin::AllocatorInfo *>
CheckContext::allocators(const plugin::Library &library) const {
   if (allocator_id) {
      return {&library.allocator(*allocator_id)};
   }
   std::vector<const plugin::AllocatorInfo *> all;
   for (const auto &info : library.allocators()) {
      all.push_back(&info);
   }
   return all;
}

} // namespace memfrag::validate
