// What the host reads before creating anything: entry, factory, descriptors and parameter
// schemas of every built-in plugin, through the raw C ABI.
#include "loaded_plugin.hpp"
#include "plugin_instance.hpp"

#include <cstring>
#include <gtest/gtest.h>
#include <string>

namespace memfrag::test {
namespace {

bool is_valid_id(const std::string &id) {
   if (id.empty() || id.size() > 63 || id[0] < 'a' || id[0] > 'z') {
      return false;
   }
   return id.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-_") == std::string::npos;
}

class DescriptorTest : public ::testing::TestWithParam<std::string> {
 protected:
   LoadedPlugin plugin_{built_plugin_path(GetParam())};
};

TEST_P(DescriptorTest, EntryHasTheCurrentAbiVersion) {
   EXPECT_EQ(plugin_.entry().abi_version.major, uint32_t{MEMFRAG_ABI_VERSION_MAJOR});
   EXPECT_EQ(plugin_.entry().get_factory("memfrag.no-such-factory/1"), nullptr);
}

TEST_P(DescriptorTest, DescriptorsAreCompleteAndNamedLikeTheLibrary) {
   const auto descriptors = plugin_.descriptors();
   ASSERT_EQ(descriptors.size(), 1u);
   const memfrag_allocator_descriptor_t &descriptor = *descriptors[0];
   EXPECT_TRUE(memfrag_version_is_compatible(descriptor.abi_version));
   EXPECT_EQ(descriptor.id, GetParam());
   EXPECT_TRUE(is_valid_id(descriptor.id));
   for (const char *text :
        {descriptor.name, descriptor.vendor, descriptor.version, descriptor.description}) {
      ASSERT_NE(text, nullptr);
      EXPECT_GT(std::strlen(text), 0u);
   }
   EXPECT_EQ(descriptor.features & MEMFRAG_ALLOCATOR_THREAD_SAFE, 0u) << "not thread-safe yet";
   EXPECT_EQ(plugin_.factory().get_descriptor(&plugin_.factory(), 1), nullptr);
}

TEST_P(DescriptorTest, UnknownIdsGiveNullOrSizeMax) {
   const memfrag_allocator_factory_t &factory = plugin_.factory();
   const memfrag_region_t region{16, nullptr, -1, 1};
   const memfrag_instance_config_t config{&region, nullptr, 0};
   EXPECT_EQ(factory.metadata_size(&factory, "no-such-allocator", &config), SIZE_MAX);
   EXPECT_EQ(factory.get_descriptor_extension(&factory, GetParam().c_str(), "memfrag.none/1"),
             nullptr);
   PluginInstance instance(plugin_, GetParam(), 16);
   EXPECT_EQ(instance.abi().get_extension(&instance.abi(), "memfrag.none/1"), nullptr);
   EXPECT_EQ(instance.abi().desc->id, GetParam());
}

TEST_P(DescriptorTest, ParameterSchemaIsWellFormed) {
   for (const memfrag_param_info_t &info : plugin_.param_schema(GetParam())) {
      EXPECT_TRUE(is_valid_id(info.name)) << info.name;
      EXPECT_GT(std::strlen(info.doc), 0u) << info.name;
      if (info.type == MEMFRAG_PARAM_INT) {
         EXPECT_LE(info.min_int, info.default_value.as_int) << info.name;
         EXPECT_LE(info.default_value.as_int, info.max_int) << info.name;
      }
   }
}

INSTANTIATE_TEST_SUITE_P(BuiltIn, DescriptorTest, ::testing::Values("buddy", "extent", "frame-stack"));

TEST(BuddyDescriptorTest, DeclaresMaxOrderAndReserveFrames) {
   const LoadedPlugin plugin(built_plugin_path("buddy"));
   const auto schema = plugin.param_schema("buddy");
   ASSERT_EQ(schema.size(), 2u);
   EXPECT_STREQ(schema[0].name, "max_order");
   EXPECT_EQ(schema[0].type, MEMFRAG_PARAM_INT);
   EXPECT_EQ(schema[0].default_value.as_int, 10);
   EXPECT_EQ(schema[0].min_int, 0);
   EXPECT_EQ(schema[0].max_int, 20);
   EXPECT_STREQ(schema[1].name, "reserve_frames");
   EXPECT_EQ(schema[1].type, MEMFRAG_PARAM_INT);
   EXPECT_EQ(schema[1].default_value.as_int, 0);
   EXPECT_EQ(schema[1].max_int, int64_t{1} << 40);
}

TEST(BuddyDescriptorTest, RefusesAParameterCountOtherThanDeclared) {
   const LoadedPlugin plugin(built_plugin_path("buddy"));
   const memfrag_allocator_factory_t &factory = plugin.factory();
   const memfrag_region_t region{16, nullptr, -1, 1};
   const memfrag_instance_config_t config{&region, nullptr, 0};
   EXPECT_EQ(factory.metadata_size(&factory, "buddy", &config), SIZE_MAX);
}

TEST(BuddyDescriptorTest, MetadataIsNineBytesPerFramePlusAFixedHeader) {
   const LoadedPlugin plugin(built_plugin_path("buddy"));
   PluginInstance small(plugin, "buddy", 1000);
   PluginInstance large(plugin, "buddy", 2000);
   EXPECT_EQ(large.metadata().size() - small.metadata().size(), 9000u);
}

} // namespace
} // namespace memfrag::test
