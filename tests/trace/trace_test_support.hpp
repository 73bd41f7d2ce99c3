// Helpers shared by the trace tests: temporary files, the sample captures, running the CLI.
#pragma once

#include <filesystem>
#include <string>

namespace memfrag::test {

// A fresh directory under the system temporary directory, removed on destruction.
class TemporaryDirectory {
 public:
   TemporaryDirectory();
   TemporaryDirectory(const TemporaryDirectory &) = delete;
   TemporaryDirectory &operator=(const TemporaryDirectory &) = delete;
   ~TemporaryDirectory();
   std::filesystem::path file(const std::string &name) const { return path_ / name; }

 private:
   std::filesystem::path path_;
};

void write_file(const std::filesystem::path &path, const std::string &text);

// The path of a sample capture, or empty when the samples are absent.
std::string sample_path(const std::string &name);

struct CommandOutput {
   int status = -1;
   std::string out;
   std::string err;
};

// Runs `command` with /bin/sh, capturing stdout and stderr.
CommandOutput run_command(const std::string &command);

} // namespace memfrag::test
