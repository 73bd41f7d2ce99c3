// Recognising an ELF shared object before handing it to dlopen, whose own errors for a text
// file or an executable are cryptic.
#pragma once

#include <optional>
#include <string>

namespace memfrag::plugin {

// Why `path` is not a loadable ELF shared object of this machine's class, or nothing if it is.
std::optional<std::string> elf_shared_object_problem(const std::string &path);

} // namespace memfrag::plugin
