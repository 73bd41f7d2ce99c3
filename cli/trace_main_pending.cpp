// Temporary entry point to exercise `memfrag trace` until the memfrag executable exists.
#include "cli/commands.hpp"

int main(int argc, char **argv) {
   CLI::App app{"memfrag (trace commands only)"};
   app.require_subcommand(1);
   memfrag::cli::add_trace_command(app);
   CLI11_PARSE(app, argc, argv);
   return 0;
}
