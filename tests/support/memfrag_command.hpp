// Running the built memfrag binary from an end-to-end test: exit code, stdout and stderr.
#pragma once

#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace memfrag::test {

struct CommandOutcome {
   int exit_code = -1;
   std::string out, err;
};

inline std::string slurp(const std::filesystem::path &path) {
   std::ifstream in(path);
   std::stringstream text;
   text << in.rdbuf();
   return text.str();
}

// Runs `binary arguments` in `dir` (which receives out.txt and err.txt), with no input.
inline CommandOutcome run_in(const std::filesystem::path &dir, const std::string &binary,
                             const std::string &arguments) {
   std::string command = "cd '" + dir.string() + "' && '" + binary + "' " + arguments +
                         " >out.txt 2>err.txt </dev/null";
   int status = std::system(command.c_str());
   return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, slurp(dir / "out.txt"),
           slurp(dir / "err.txt")};
}

} // namespace memfrag::test
