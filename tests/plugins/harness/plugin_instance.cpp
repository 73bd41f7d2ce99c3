#include "plugin_instance.hpp"

#include <cstdlib>
#include <cstring>
#include <stdexcept>

namespace memfrag::test {

memfrag_param_value_t int_value(int64_t value) {
   memfrag_param_value_t result{};
   result.as_int = value;
   return result;
}

std::vector<memfrag_param_value_t> resolve_params(const std::vector<memfrag_param_info_t> &schema,
                                                  const ParamOverrides &overrides) {
   std::vector<memfrag_param_value_t> values;
   for (const memfrag_param_info_t &info : schema) {
      const auto override_value = overrides.find(info.name);
      values.push_back(override_value != overrides.end() ? override_value->second
                                                         : info.default_value);
   }
   for (const auto &[name, value] : overrides) {
      bool declared = false;
      for (const memfrag_param_info_t &info : schema) {
         declared = declared || name == info.name;
      }
      if (!declared) {
         throw std::invalid_argument("no parameter named " + name);
      }
   }
   return values;
}

void PluginInstance::FreeAligned::operator()(std::byte *bytes) const {
   std::free(bytes);
}

PluginInstance::PluginInstance(const LoadedPlugin &plugin, const std::string &allocator_id,
                               uint64_t frame_count, const ParamOverrides &overrides,
                               uint32_t cpu_count)
    : frame_count_(frame_count) {
   const std::vector<memfrag_param_value_t> values =
       resolve_params(plugin.param_schema(allocator_id), overrides);
   const memfrag_region_t region{frame_count, nullptr, -1, cpu_count};
   const memfrag_instance_config_t config{&region, values.empty() ? nullptr : values.data(),
                                          static_cast<uint32_t>(values.size())};
   const memfrag_allocator_factory_t &factory = plugin.factory();
   metadata_size_ = factory.metadata_size(&factory, allocator_id.c_str(), &config);
   if (metadata_size_ == SIZE_MAX) {
      throw std::runtime_error("metadata_size() refused " + allocator_id);
   }
   // aligned_alloc needs a size that is a multiple of the alignment; the plugin sees only
   // metadata_size_ bytes.
   const std::size_t allocated = (metadata_size_ + 63) / 64 * 64 + 64;
   metadata_.reset(static_cast<std::byte *>(std::aligned_alloc(64, allocated)));
   std::memset(metadata_.get(), 0, allocated);
   allocator_ = factory.create(&factory, host_.abi(), allocator_id.c_str(), &config,
                               metadata_.get(), metadata_size_);
   if (allocator_ == nullptr) {
      throw std::runtime_error("create() refused " + allocator_id);
   }
}

PluginInstance::~PluginInstance() {
   allocator_->destroy(allocator_);
}

const void *PluginInstance::extension(const char *extension_id) const {
   const void *found = allocator_->get_extension(allocator_, extension_id);
   if (found == nullptr) {
      throw std::runtime_error(std::string("no extension ") + extension_id);
   }
   return found;
}

std::vector<uint64_t> PluginInstance::histogram() const {
   const auto *histogram =
       static_cast<const memfrag_ext_histogram_t *>(extension(MEMFRAG_EXT_HISTOGRAM));
   const uint32_t orders = histogram->free_blocks(allocator_, nullptr, 0);
   std::vector<uint64_t> nr_free(orders);
   histogram->free_blocks(allocator_, nr_free.data(), orders);
   return nr_free;
}

std::optional<std::string> PluginInstance::validate() const {
   const auto *validator =
       static_cast<const memfrag_ext_validate_t *>(extension(MEMFRAG_EXT_VALIDATE));
   char message[256];
   if (validator->validate(allocator_, message, sizeof message)) {
      return std::nullopt;
   }
   return std::string(message);
}

std::map<std::string, double> PluginInstance::stats() const {
   std::map<std::string, double> result;
   const auto *stats = static_cast<const memfrag_ext_stats_t *>(
       allocator_->get_extension(allocator_, MEMFRAG_EXT_STATS));
   if (stats == nullptr) {
      return result;
   }
   for (uint32_t index = 0; index < stats->count(allocator_); ++index) {
      memfrag_stat_t stat{};
      if (stats->get(allocator_, index, &stat)) {
         result[stat.name] = stat.value;
      }
   }
   return result;
}

} // namespace memfrag::test
