// Reading exported symbols from the ELF dynamic symbol table.
#include "core/plugin/elf_symbols.hpp"

#include <algorithm>
#include <gtest/gtest.h>

namespace memfrag::plugin {
namespace {

TEST(ElfSymbols, APluginBuiltWithTheVersionScriptExportsOnlyItsEntry) {
   EXPECT_EQ(exported_symbols(MEMFRAG_BUILD_PLUGIN_DIR "/libbuddy.so"),
             std::vector<std::string>{"memfrag_plugin_entry"});
}

TEST(ElfSymbols, ALibraryBuiltWithoutItExportsEverything) {
   auto names = exported_symbols(MEMFRAG_FIXTURE_DIR "/libfixture-no-entry-symbol.so");
   EXPECT_NE(std::find(names.begin(), names.end(), "memfrag_fixture_unrelated_function"),
             names.end());
}

TEST(ElfSymbols, NotAnElfFileIsAnError) {
   EXPECT_THROW(exported_symbols(__FILE__), std::runtime_error);
}

} // namespace
} // namespace memfrag::plugin
