// The memfrag subcommands. Each adds itself to the application with its options and callback;
// main() only assembles them.
#pragma once

#include <string>
#include <vector>

#include <CLI/CLI.hpp>

namespace memfrag::cli {

void add_list_command(CLI::App &app);
// `invocation` is the whole command line, recorded in the results.
void add_run_command(CLI::App &app, const std::vector<std::string> &invocation);
void add_trace_command(CLI::App &app);
void add_validate_command(CLI::App &app);
void add_bench_command(CLI::App &app);
void add_report_command(CLI::App &app);
void add_merge_command(CLI::App &app);
void add_compare_command(CLI::App &app);
void add_history_command(CLI::App &app);
void add_doctor_command(CLI::App &app);
void add_nic_command(CLI::App &app);

} // namespace memfrag::cli
