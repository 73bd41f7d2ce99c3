// The C++ helper layer seen from the host: a probe library built with it (helper_probe/) loaded
// through the raw C ABI. Checks the factory over several allocators, parameters, extensions, and
// that no exception crosses the C boundary.
#include "loaded_plugin.hpp"
#include "plugin_instance.hpp"

#include <cstring>
#include <gtest/gtest.h>
#include <string>

namespace memfrag::test {
namespace {

class CppHelperTest : public ::testing::Test {
 protected:
   LoadedPlugin plugin_{MEMFRAG_TEST_HELPER_PROBE_PATH};
};

memfrag_param_value_t bool_value(bool value) {
   memfrag_param_value_t result{};
   result.as_bool = value;
   return result;
}

TEST_F(CppHelperTest, FactoryListsEveryAllocatorClass) {
   const auto descriptors = plugin_.descriptors();
   ASSERT_EQ(descriptors.size(), 2u);
   EXPECT_STREQ(descriptors[0]->id, "bump-probe");
   EXPECT_STREQ(descriptors[1]->id, "throwing-probe");
   EXPECT_EQ(descriptors[0]->abi_version.major, uint32_t{MEMFRAG_ABI_VERSION_MAJOR});
}

TEST_F(CppHelperTest, ExportsTheDeclaredParameterSchema) {
   const auto schema = plugin_.param_schema("bump-probe");
   ASSERT_EQ(schema.size(), 4u);
   EXPECT_EQ(schema[0].type, MEMFRAG_PARAM_INT);
   EXPECT_EQ(schema[1].type, MEMFRAG_PARAM_FLOAT);
   EXPECT_EQ(schema[1].default_value.as_float, 0.5);
   EXPECT_EQ(schema[2].type, MEMFRAG_PARAM_BOOL);
   EXPECT_EQ(schema[3].type, MEMFRAG_PARAM_STRING);
   EXPECT_STREQ(schema[3].default_value.as_string, "red");
   EXPECT_STREQ(schema[3].choices[1], "green");
   EXPECT_EQ(schema[3].choices[2], nullptr);
   EXPECT_TRUE(plugin_.param_schema("no-such-allocator").empty());
}

TEST_F(CppHelperTest, PassesParametersAndExportsEveryOptionalHook) {
   PluginInstance probe(plugin_, "bump-probe", 10, {{"first_frame", int_value(7)}});
   EXPECT_EQ(probe.alloc(0), 7u);
   EXPECT_EQ(probe.alloc(1), MEMFRAG_NO_FRAME);
   EXPECT_EQ(probe.histogram(), (std::vector<uint64_t>{2}));
   EXPECT_EQ(probe.validate(), std::nullopt);
   EXPECT_EQ(probe.stats().at("handed_out"), 1.0);
   const auto *own =
       static_cast<const int *>(probe.abi().get_extension(&probe.abi(), "memfrag-test.probe/1"));
   ASSERT_NE(own, nullptr);
   EXPECT_EQ(*own, 42);
}

TEST_F(CppHelperTest, ThrowingConstructorFailsCreateAndLogs) {
   try {
      PluginInstance probe(plugin_, "throwing-probe", 10);
      FAIL() << "create() should have failed";
   } catch (const std::runtime_error &error) {
      EXPECT_NE(std::string(error.what()).find("create() refused"), std::string::npos);
   }
}

TEST_F(CppHelperTest, ThrowingHooksFailCleanly) {
   PluginInstance probe(plugin_, "throwing-probe", 10, {{"refuse_create", bool_value(false)}});
   EXPECT_EQ(probe.alloc(0), MEMFRAG_NO_FRAME);
   probe.free(0, 0);
   const std::optional<std::string> message = probe.validate();
   ASSERT_TRUE(message.has_value());
   EXPECT_NE(message->find("validate throws"), std::string::npos) << *message;
   ASSERT_EQ(probe.host().log_lines().size(), 2u);
   EXPECT_NE(probe.host().log_lines()[0].find("alloc"), std::string::npos);
   EXPECT_EQ(probe.abi().get_extension(&probe.abi(), MEMFRAG_EXT_HISTOGRAM), nullptr);
}

TEST_F(CppHelperTest, CreateLogsWhyItRefuses) {
   TestHost host;
   const memfrag_allocator_factory_t &factory = plugin_.factory();
   const memfrag_region_t region{4, nullptr, -1, 1};
   memfrag_param_value_t refuse = bool_value(true);
   const memfrag_instance_config_t config{&region, &refuse, 1};
   alignas(64) std::byte metadata[256]{};
   const std::size_t size = factory.metadata_size(&factory, "throwing-probe", &config);
   ASSERT_LE(size, sizeof metadata);
   EXPECT_EQ(factory.create(&factory, host.abi(), "throwing-probe", &config, metadata, size),
             nullptr);
   EXPECT_EQ(factory.create(&factory, host.abi(), "no-such", &config, metadata, size), nullptr);
   ASSERT_EQ(host.log_lines().size(), 2u);
   EXPECT_NE(host.log_lines()[0].find("refused as asked"), std::string::npos);
   EXPECT_NE(host.log_lines()[1].find("no-such"), std::string::npos);
}

} // namespace
} // namespace memfrag::test
