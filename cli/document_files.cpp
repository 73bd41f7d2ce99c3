#include "cli/document_files.hpp"

#include "cli/exit_codes.hpp"
#include "core/platform/files.hpp"
#include "core/results/json.hpp"

#include <cstdio>
#include <fstream>
#include <sstream>

namespace memfrag::cli {

void fail_with(int code, const std::string &message) {
   std::fprintf(stderr, "memfrag: error: %s\n", message.c_str());
   throw CommandExit{code};
}

results::Document read_document(const std::string &path) {
   std::ifstream file(path, std::ios::binary);
   if (!file)
      fail_with(kExitBadInput, path + ": cannot open");
   std::ostringstream text;
   text << file.rdbuf();
   try {
      return results::document_from_text(text.str());
   } catch (const results::JsonFormatError &error) {
      fail_with(kExitBadInput, path + ": " + error.what());
   }
}

reports::Format output_format(const std::string &path) {
   const std::optional<reports::Format> format = reports::format_from_path(path);
   if (!format)
      fail_with(kExitBadInput,
                path + ": unknown file name ending (expected " + reports::kFileEndingsText + ")");
   return *format;
}

void write_text(const std::string &path, const std::string &text) {
   try {
      platform::write_file_atomically(path, text);
   } catch (const std::exception &error) {
      fail_with(kExitBadInput, "cannot write " + path + ": " + error.what());
   }
}

} // namespace memfrag::cli
