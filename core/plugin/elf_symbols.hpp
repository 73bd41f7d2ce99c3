// Reading what a shared object exports, from the ELF dynamic symbol table itself, without
// loading it: the symbols another object could bind to.
#pragma once

#include <string>
#include <vector>

namespace memfrag::plugin {

// Names of the symbols `path` defines and exports (global, weak or unique binding, default or
// protected visibility, defined in a section), in table order. Throws std::runtime_error when the
// file is not a readable 64-bit ELF object or its tables are malformed.
std::vector<std::string> exported_symbols(const std::string &path);

} // namespace memfrag::plugin
