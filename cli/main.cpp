// memfrag: physical-memory fragmentation benchmarks for page-frame allocators.
#include <CLI/CLI.hpp>

#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"

int main(int argc, char **argv) {
   CLI::App app{"memfrag: compare page-frame allocators on physical-memory fragmentation.\n"
                "Plugins (allocators) are shared libraries behind memfrag's C ABI; workloads are\n"
                "TOML generators, classic scenarios and recorded kernel traces."};
   app.require_subcommand(1);
   app.set_version_flag("--version", MEMFRAG_VERSION);
   memfrag::cli::add_list_command(app);
   memfrag::cli::add_run_command(app, std::vector<std::string>(argv, argv + argc));
   memfrag::cli::add_trace_command(app);
   memfrag::cli::add_validate_command(app);
   memfrag::cli::add_bench_command(app);
   memfrag::cli::add_report_command(app);
   memfrag::cli::add_merge_command(app);
   memfrag::cli::add_compare_command(app);
   memfrag::cli::add_history_command(app);
   memfrag::cli::add_doctor_command(app);
   memfrag::cli::add_nic_command(app);
   try {
      app.parse(argc, argv);
   } catch (const CLI::ParseError &error) {
      int code = app.exit(error);
      return code == 0 ? 0 : memfrag::cli::kExitBadInput;
   } catch (const memfrag::cli::CommandExit &exit) {
      return exit.code;
   }
   return 0;
}
