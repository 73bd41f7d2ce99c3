// Checks that a plugin refuses configurations it cannot serve cleanly (SIZE_MAX from
// metadata_size() or NULL from create(), never a crash) and works at every extreme its own
// parameter schema declares acceptable.
#include "core/plugin/params.hpp"
#include "core/validate/checked_instance.hpp"
#include "core/validate/checks.hpp"

#include <array>
#include <cstdint>

namespace memfrag::validate {
namespace {

constexpr const char *kUnknownAllocatorId = "memfrag-validate-no-such-allocator";
constexpr std::uint64_t kRegionFrames = 1024;

// True when the factory refuses `config` for `allocator_id` in either of the two places it may.
bool refuses(const plugin::Library &library, const char *allocator_id,
             const memfrag_instance_config_t &config) {
   const memfrag_allocator_factory_t &factory = library.factory();
   std::size_t size = factory.metadata_size(&factory, allocator_id, &config);
   if (size == SIZE_MAX) {
      return true;
   }
   platform::GuardedBytes metadata(size, 64);
   memfrag_host_t host{
       MEMFRAG_ABI_VERSION_INIT, nullptr, "memfrag", "validate",
       [](const memfrag_host_t *, const char *) -> const void * { return nullptr; }};
   const memfrag_allocator_t *created = factory.create(&factory, &host, allocator_id, &config,
                                                       size == 0 ? nullptr : metadata.data(), size);
   if (created == nullptr) {
      return true;
   }
   created->destroy(created);
   return false;
}

void expect_unknown_id_refused(const plugin::Library &library) {
   memfrag_region_t region{kRegionFrames, nullptr, -1, 1};
   if (!refuses(library, kUnknownAllocatorId, {&region, nullptr, 0})) {
      throw CheckFailed(std::string("metadata_size() and create() accept the unknown allocator "
                                    "id '") +
                        kUnknownAllocatorId + "'");
   }
}

void expect_missing_values_refused(const plugin::Library &library,
                                   const plugin::AllocatorInfo &info) {
   memfrag_region_t region{kRegionFrames, nullptr, -1, 1};
   if (!info.params.empty() && !refuses(library, info.id.c_str(), {&region, nullptr, 0})) {
      throw CheckFailed(info.id +
                        ": accepts a configuration with no parameter values although it "
                        "declares " +
                        std::to_string(info.params.size()));
   }
}

// Every value at an edge of what the schema accepts.
std::vector<plugin::ParamValue> extremes_of(const plugin::ParamSpec &spec) {
   if (spec.type == "bool") {
      return {true, false};
   }
   if (spec.type == "string") {
      return {spec.choices.begin(), spec.choices.end()};
   }
   if (spec.min && spec.max) {
      return {*spec.min, *spec.max};
   }
   return {};
}

// The extreme is either refused at creation, or served like any configuration.
void expect_extreme_handled(const plugin::Library &library, const plugin::AllocatorInfo &info,
                            const CheckContext &context, std::size_t index,
                            const plugin::ParamValue &value) {
   std::vector<plugin::ParamValue> values = default_params(info);
   values[index] = value;
   std::string when =
       "with " + info.id + "." + info.params[index].name + "=" + plugin::param_value_text(value);
   InstanceSetup setup;
   setup.frames = kRegionFrames;
   setup.params = values;
   std::unique_ptr<CheckedInstance> instance;
   try {
      instance = std::make_unique<CheckedInstance>(library, info, context, setup);
   } catch (const CheckFailed &) {
      return;
   }
   instance->alloc(0, MEMFRAG_REQ_ATOMIC);
   instance->expect_sound(when);
   instance->drain();
   instance->expect_sound("after freeing, " + when);
}

} // namespace

std::string check_bad_params(const CheckContext &context) {
   auto library = context.load();
   expect_unknown_id_refused(*library);
   std::size_t extremes = 0;
   for (const auto *info : context.allocators(*library)) {
      expect_missing_values_refused(*library, *info);
      for (std::size_t index = 0; index < info->params.size(); ++index) {
         for (const auto &value : extremes_of(info->params[index])) {
            expect_extreme_handled(*library, *info, context, index, value);
            ++extremes;
         }
      }
   }
   return "unknown allocator id and missing parameter values refused, " + std::to_string(extremes) +
          " declared extremes refused or served";
}

} // namespace memfrag::validate
