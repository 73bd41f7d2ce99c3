#include "core/plugin/elf_check.hpp"

#include <elf.h>

#include <cstring>
#include <fstream>

namespace memfrag::plugin {

std::optional<std::string> elf_shared_object_problem(const std::string &path) {
   std::ifstream in(path, std::ios::binary);
   if (!in) {
      return "cannot be read";
   }
   Elf64_Ehdr header{};
   in.read(reinterpret_cast<char *>(&header), sizeof header);
   if (in.gcount() < static_cast<std::streamsize>(SELFMAG) ||
       std::memcmp(header.e_ident, ELFMAG, SELFMAG) != 0) {
      return "not an ELF file";
   }
   if (in.gcount() < static_cast<std::streamsize>(sizeof header)) {
      return "truncated ELF header";
   }
   if (header.e_ident[EI_CLASS] != ELFCLASS64) {
      return "not a 64-bit ELF object";
   }
   if (header.e_type != ET_DYN) {
      return "an ELF file but not a shared object (build it with -shared)";
   }
   return std::nullopt;
}

} // namespace memfrag::plugin
