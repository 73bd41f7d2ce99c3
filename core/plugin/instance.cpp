#include "core/plugin/instance.hpp"

#include <algorithm>
#include <array>
#include <cstdlib>
#include <cstring>

namespace memfrag::plugin {
namespace {

constexpr std::size_t kMetadataAlignment = 64;
constexpr std::uint32_t kHistogramCapacity = 64;

// The C view of resolved values; strings point into `values`, which must outlive the result.
std::vector<memfrag_param_value_t> c_values(const std::vector<ParamValue> &values) {
   std::vector<memfrag_param_value_t> converted(values.size());
   for (std::size_t i = 0; i < values.size(); ++i) {
      if (const auto *integer = std::get_if<std::int64_t>(&values[i])) {
         converted[i].as_int = *integer;
      } else if (const auto *number = std::get_if<double>(&values[i])) {
         converted[i].as_float = *number;
      } else if (const auto *flag = std::get_if<bool>(&values[i])) {
         converted[i].as_bool = *flag;
      } else {
         converted[i].as_string = std::get<std::string>(values[i]).c_str();
      }
   }
   return converted;
}

template <typename Extension>
const Extension *extension(const memfrag_allocator_t *allocator, const char *id) {
   return static_cast<const Extension *>(allocator->get_extension(allocator, id));
}

} // namespace

Instance::Instance(const Library &library, const AllocatorInfo &info,
                   const std::vector<ParamValue> &values, const memfrag_region_t &region,
                   WorldServices *world, MetadataPlacement placement)
   : host_(info.id, world) {
   const memfrag_allocator_factory_t &factory = library.factory();
   std::vector<memfrag_param_value_t> params = c_values(values);
   memfrag_instance_config_t config{&region, params.empty() ? nullptr : params.data(),
                                    static_cast<uint32_t>(params.size())};
   std::string where = library.path() + ": " + info.id + ": ";
   metadata_size_ = factory.metadata_size(&factory, info.id.c_str(), &config);
   if (metadata_size_ == SIZE_MAX) {
      throw PluginError(where + "refuses this configuration (region of " +
                        std::to_string(region.frame_count) + " frames)");
   }
   std::byte *metadata = allocate_metadata(placement, where);
   allocator_ = factory.create(&factory, host_.host(), info.id.c_str(), &config, metadata,
                               metadata_size_);
   if (allocator_ == nullptr) {
      throw PluginError(where + "create() failed");
   }
   if (allocator_->alloc == nullptr || allocator_->free == nullptr ||
       allocator_->get_extension == nullptr || allocator_->destroy == nullptr) {
      throw PluginError(where + "create() returned an instance with a missing function pointer");
   }
   validate_ = extension<memfrag_ext_validate_t>(allocator_, MEMFRAG_EXT_VALIDATE);
   histogram_ = extension<memfrag_ext_histogram_t>(allocator_, MEMFRAG_EXT_HISTOGRAM);
   stats_ = extension<memfrag_ext_stats_t>(allocator_, MEMFRAG_EXT_STATS);
   background_work_ =
       extension<memfrag_ext_background_work_t>(allocator_, MEMFRAG_EXT_BACKGROUND_WORK);
   if (background_work_ != nullptr &&
       (background_work_->run == nullptr || background_work_->period_ops == nullptr)) {
      background_work_ = nullptr;
   }
   exact_ = extension<memfrag_ext_exact_t>(allocator_, MEMFRAG_EXT_EXACT);
   if (exact_ != nullptr && (exact_->alloc_run == nullptr || exact_->free_run == nullptr)) {
      exact_ = nullptr;
   }
}

std::byte *Instance::allocate_metadata(MetadataPlacement placement, const std::string &where) {
   if (metadata_size_ == 0) {
      return nullptr;
   }
   if (placement == MetadataPlacement::guarded) {
      guarded_metadata_ = std::make_unique<platform::GuardedBytes>(metadata_size_, kMetadataAlignment);
      return guarded_metadata_->data();
   }
   std::size_t rounded = (metadata_size_ + kMetadataAlignment - 1) / kMetadataAlignment *
                         kMetadataAlignment;
   metadata_.reset(static_cast<std::byte *>(std::aligned_alloc(kMetadataAlignment, rounded)));
   if (!metadata_) {
      throw PluginError(where + "cannot allocate " + std::to_string(metadata_size_) +
                        " metadata bytes");
   }
   std::memset(metadata_.get(), 0, rounded);
   return metadata_.get();
}

Instance::~Instance() {
   if (allocator_ != nullptr && allocator_->destroy != nullptr) {
      allocator_->destroy(allocator_);
   }
}

std::optional<std::string> Instance::validate_failure() const {
   if (validate_ == nullptr || validate_->validate == nullptr) {
      return std::nullopt;
   }
   std::array<char, 512> message{};
   if (validate_->validate(allocator_, message.data(), message.size())) {
      return std::nullopt;
   }
   message.back() = '\0';
   return message[0] != '\0' ? std::string(message.data()) : "validate() failed without a message";
}

std::optional<std::vector<std::uint64_t>> Instance::plugin_histogram() const {
   if (histogram_ == nullptr || histogram_->free_blocks == nullptr) {
      return std::nullopt;
   }
   std::vector<std::uint64_t> nr_free(kHistogramCapacity, 0);
   std::uint32_t orders = histogram_->free_blocks(allocator_, nr_free.data(), kHistogramCapacity);
   nr_free.resize(std::min(orders, kHistogramCapacity));
   return nr_free;
}

std::vector<std::pair<std::string, double>> Instance::plugin_stats() const {
   std::vector<std::pair<std::string, double>> stats;
   if (stats_ == nullptr || stats_->count == nullptr || stats_->get == nullptr) {
      return stats;
   }
   std::uint32_t count = stats_->count(allocator_);
   for (std::uint32_t i = 0; i < count; ++i) {
      memfrag_stat_t stat{};
      if (stats_->get(allocator_, i, &stat) && stat.name != nullptr) {
         stats.emplace_back(stat.name, stat.value);
      }
   }
   return stats;
}

} // namespace memfrag::plugin
