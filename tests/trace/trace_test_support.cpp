#include "trace_test_support.hpp"

#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>
#include <sys/wait.h>

namespace memfrag::test {

TemporaryDirectory::TemporaryDirectory() {
   std::random_device random;
   path_ = std::filesystem::temp_directory_path() /
           ("memfrag-trace-test-" + std::to_string(random()) + std::to_string(random()));
   std::filesystem::create_directories(path_);
}

TemporaryDirectory::~TemporaryDirectory() {
   std::error_code ignored;
   std::filesystem::remove_all(path_, ignored);
}

void write_file(const std::filesystem::path &path, const std::string &text) {
   std::ofstream(path, std::ios::binary) << text;
}

std::string sample_path(const std::string &name) {
   const std::filesystem::path path = std::filesystem::path(MEMFRAG_TRACE_SAMPLES) / name;
   return std::filesystem::exists(path) ? path.string() : "";
}

namespace {
std::string slurp(const std::filesystem::path &path) {
   std::ifstream file(path);
   std::ostringstream text;
   text << file.rdbuf();
   return text.str();
}
} // namespace

CommandOutput run_command(const std::string &command) {
   TemporaryDirectory directory;
   const auto out = directory.file("out");
   const auto err = directory.file("err");
   const std::string full = "(" + command + ") >" + out.string() + " 2>" + err.string();
   const int status = std::system(full.c_str());
   CommandOutput result;
   result.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
   result.out = slurp(out);
   result.err = slurp(err);
   return result;
}

} // namespace memfrag::test
