// Exit codes of the memfrag command, the same for every subcommand.
#pragma once

namespace memfrag::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitRunFailed = 1;   // results written, but a run crashed, hung or was invalid
inline constexpr int kExitBadInput = 2;    // nothing run: a plugin, workload, option or file is wrong
inline constexpr int kExitRegression = 1;  // compare: a metric got worse beyond its threshold
inline constexpr int kExitNotComparable = 3; // compare: other environment or too few repetitions
inline constexpr int kExitNoDevice = 4; // nic probe: no NIC is usable through vfio
inline constexpr int kExitInterrupted = 130;

// Thrown by a command's callback to end the program with `code`, after it printed why.
struct CommandExit {
   int code;
};

} // namespace memfrag::cli
