#include "core/plugin/elf_symbols.hpp"

#include <cstring>
#include <elf.h>
#include <fstream>
#include <iterator>
#include <stdexcept>

namespace memfrag::plugin {
namespace {

std::string read_whole_file(const std::string &path) {
   std::ifstream in(path, std::ios::binary);
   if (!in) {
      throw std::runtime_error(path + ": cannot be read");
   }
   return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// A bounds-checked copy of a T at `offset` of `bytes`.
template <typename T> T read_at(const std::string &bytes, std::uint64_t offset) {
   if (offset > bytes.size() || bytes.size() - offset < sizeof(T)) {
      throw std::runtime_error("ELF table reaches past the end of the file");
   }
   T value{};
   std::memcpy(&value, bytes.data() + offset, sizeof(T));
   return value;
}

Elf64_Shdr section(const std::string &bytes, const Elf64_Ehdr &header, std::uint64_t index) {
   return read_at<Elf64_Shdr>(bytes, header.e_shoff + index * header.e_shentsize);
}

std::string name_at(const std::string &bytes, const Elf64_Shdr &strings, std::uint32_t offset) {
   if (offset >= strings.sh_size || strings.sh_offset + strings.sh_size > bytes.size()) {
      throw std::runtime_error("ELF symbol name lies outside its string table");
   }
   const char *start = bytes.data() + strings.sh_offset + offset;
   return {start, strnlen(start, strings.sh_size - offset)};
}

bool is_exported_definition(const Elf64_Sym &symbol) {
   unsigned binding = ELF64_ST_BIND(symbol.st_info);
   unsigned visibility = ELF64_ST_VISIBILITY(symbol.st_other);
   unsigned type = ELF64_ST_TYPE(symbol.st_info);
   return symbol.st_shndx != SHN_UNDEF && symbol.st_name != 0 && type != STT_SECTION &&
          (binding == STB_GLOBAL || binding == STB_WEAK || binding == STB_GNU_UNIQUE) &&
          (visibility == STV_DEFAULT || visibility == STV_PROTECTED);
}

} // namespace

std::vector<std::string> exported_symbols(const std::string &path) {
   const std::string bytes = read_whole_file(path);
   const auto header = read_at<Elf64_Ehdr>(bytes, 0);
   if (std::memcmp(header.e_ident, ELFMAG, SELFMAG) != 0 ||
       header.e_ident[EI_CLASS] != ELFCLASS64 || header.e_shentsize != sizeof(Elf64_Shdr)) {
      throw std::runtime_error(path + ": not a 64-bit ELF object");
   }
   std::vector<std::string> names;
   for (std::uint64_t index = 0; index < header.e_shnum; ++index) {
      const Elf64_Shdr table = section(bytes, header, index);
      if (table.sh_type != SHT_DYNSYM || table.sh_entsize != sizeof(Elf64_Sym)) {
         continue;
      }
      const Elf64_Shdr strings = section(bytes, header, table.sh_link);
      for (std::uint64_t entry = 0; entry < table.sh_size / sizeof(Elf64_Sym); ++entry) {
         const auto symbol = read_at<Elf64_Sym>(bytes, table.sh_offset + entry * sizeof(Elf64_Sym));
         if (is_exported_definition(symbol)) {
            names.push_back(name_at(bytes, strings, symbol.st_name));
         }
      }
   }
   return names;
}

} // namespace memfrag::plugin
