// Reading results documents and writing reports for the commands that take documents as input
// (report, compare, merge, history). A file that cannot be read ends the command with exit
// code 2 after saying why.
#pragma once

#include "core/results/model.hpp"
#include "reports/reporter.hpp"

#include <string>

namespace memfrag::cli {

// Prints "memfrag: error: <message>" and ends the command with `code`.
[[noreturn]] void fail_with(int code, const std::string &message);

results::Document read_document(const std::string &path);

// The format for `path` from its name; ends the command with exit code 2 when unknown.
reports::Format output_format(const std::string &path);

void write_text(const std::string &path, const std::string &text);

} // namespace memfrag::cli
