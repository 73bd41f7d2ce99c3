#include "core/plugin/library.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "core/plugin/catalog.hpp"

namespace memfrag::plugin {
namespace {

std::string fixture(const std::string &name) {
   return std::string(MEMFRAG_FIXTURE_DIR) + "/libfixture-" + name + ".so";
}

std::string load_error(const std::string &path) {
   try {
      Library library(path);
   } catch (const PluginError &error) {
      return error.what();
   }
   return "";
}

TEST(Library, MissingFile) {
   EXPECT_EQ(load_error("/nonexistent/libnothing.so"), "/nonexistent/libnothing.so: no such file");
}

TEST(Library, NotAnElfFile) {
   std::string path = testing::TempDir() + "/not-a-plugin.so";
   std::ofstream(path) << "this is text\n";
   EXPECT_EQ(load_error(path), path + ": not an ELF file");
}

TEST(Library, TruncatedElfHeader) {
   std::string path = testing::TempDir() + "/truncated.so";
   std::ofstream(path, std::ios::binary) << "\x7f" "ELF";
   EXPECT_EQ(load_error(path), path + ": truncated ELF header");
}

TEST(Library, RelocatableObjectIsNotASharedObject) {
   std::string path = testing::TempDir() + "/relocatable.so";
   std::string header(64, '\0');
   header.replace(0, 4, "\x7f" "ELF");
   header[4] = 2;  // ELFCLASS64
   header[16] = 1; // ET_REL
   std::ofstream(path, std::ios::binary) << header;
   EXPECT_EQ(load_error(path),
             path + ": an ELF file but not a shared object (build it with -shared)");
}

TEST(Library, NoEntrySymbol) {
   std::string path = std::string(MEMFRAG_FIXTURE_DIR) + "/libfixture-no-entry-symbol.so";
   EXPECT_EQ(load_error(path),
             path + ": no 'memfrag_plugin_entry' symbol: not a memfrag plugin");
}

TEST(Library, IncompatibleMajorVersion) {
   std::string path = fixture("wrong-abi-version");
   EXPECT_EQ(load_error(path),
             path + ": built for memfrag plugin ABI 2.0.0, this host speaks 1.x");
}

TEST(Library, MalformedDescriptor) {
   std::string path = fixture("invalid-id");
   EXPECT_EQ(load_error(path),
             path + ": allocator 0: id is missing or not of the form [a-z][a-z0-9_-]{0,62}");
}

TEST(Library, ListsAllocatorsOfAGoodPlugin) {
   Library library(fixture("overlapping-blocks"));
   ASSERT_EQ(library.allocators().size(), 1u);
   EXPECT_EQ(library.allocators()[0].id, "overlapping-blocks");
   EXPECT_EQ(library.allocator("overlapping-blocks").vendor, "memfrag tests");
}

TEST(Library, UnknownAllocatorIdSuggestsTheNearest) {
   std::string path = fixture("overlapping-blocks");
   Library library(path);
   try {
      library.allocator("overlaping-blocks");
      FAIL() << "expected an error";
   } catch (const PluginError &error) {
      EXPECT_EQ(std::string(error.what()),
                path + ": no allocator 'overlaping-blocks' (did you mean 'overlapping-blocks'?); "
                       "it offers: overlapping-blocks");
   }
}

TEST(Catalog, PathsResolveToAbsoluteFiles) {
   PluginRef ref = resolve_plugin_ref(fixture("crash-on-alloc"));
   EXPECT_EQ(ref.path, fixture("crash-on-alloc"));
   EXPECT_FALSE(ref.allocator_id.has_value());
   PluginRef one = resolve_plugin_ref(fixture("crash-on-alloc") + ":crash-on-alloc");
   EXPECT_EQ(one.allocator_id.value_or(""), "crash-on-alloc");
}

TEST(Catalog, UnknownBuiltinNameIsAnError) {
   setenv("MEMFRAG_PLUGIN_PATH", MEMFRAG_FIXTURE_DIR, 1);
   try {
      resolve_plugin_ref("fixture-crash-on-aloc");
      FAIL() << "expected an error";
   } catch (const PluginError &error) {
      EXPECT_NE(std::string(error.what()).find("no built-in plugin by that name (did you mean "
                                               "'fixture-crash-on-alloc'?)"),
                std::string::npos)
         << error.what();
   }
   unsetenv("MEMFRAG_PLUGIN_PATH");
}

TEST(Catalog, IsolatedLoadReportsTheLoadError) {
   try {
      load_library_isolated(fixture("wrong-abi-version"), std::chrono::seconds(10));
      FAIL() << "expected an error";
   } catch (const PluginError &error) {
      EXPECT_EQ(std::string(error.what()), fixture("wrong-abi-version") +
                                              ": built for memfrag plugin ABI 2.0.0, this host "
                                              "speaks 1.x");
   }
}

} // namespace
} // namespace memfrag::plugin
