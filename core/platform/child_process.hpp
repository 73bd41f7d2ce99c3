// Running a piece of work in a forked child process, so that a crashing or hanging plugin
// cannot take the caller down: the child's answer comes back through a pipe, its death by a
// signal or its overrunning a time limit is reported instead.
#pragma once

#include <chrono>
#include <functional>
#include <string>

namespace memfrag::platform {

struct ChildOutcome {
   enum class End { exited, signaled, timed_out, interrupted };
   End end = End::exited;
   int exit_code = 0; // End::exited
   int signal = 0;    // End::signaled
   std::string output; // what the child sent before it ended
};

struct ChildLimits {
   std::chrono::milliseconds time_limit{0}; // 0: none
   // Called about ten times a second in the parent while the child runs (progress display).
   std::function<void()> on_tick;
};

// Forks; the child runs `body`, sends its return value to the parent and exits with status 0
// (status 1 if body threw; the exception's message is then the output). The parent waits,
// killing the child when the time limit passes or when an interrupt was requested
// (interrupt_requested()).
ChildOutcome run_in_child(const std::function<std::string()> &body, const ChildLimits &limits);

// "SIGSEGV (segmentation fault)" for a signal number.
std::string describe_signal(int signal);

} // namespace memfrag::platform
