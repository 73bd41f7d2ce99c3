#include "core/platform/child_process.hpp"

#include <gtest/gtest.h>

#include <csignal>
#include <stdexcept>
#include <thread>

namespace memfrag::platform {
namespace {

using End = ChildOutcome::End;

TEST(ChildProcess, ReturnsTheChildsOutput) {
   ChildOutcome outcome = run_in_child([] { return std::string(100000, 'x'); }, {});
   EXPECT_EQ(outcome.end, End::exited);
   EXPECT_EQ(outcome.exit_code, 0);
   EXPECT_EQ(outcome.output.size(), 100000u);
}

TEST(ChildProcess, AnExceptionBecomesExitStatusOneWithItsMessage) {
   ChildOutcome outcome =
      run_in_child([]() -> std::string { throw std::runtime_error("refused"); }, {});
   EXPECT_EQ(outcome.end, End::exited);
   EXPECT_EQ(outcome.exit_code, 1);
   EXPECT_EQ(outcome.output, "refused");
}

TEST(ChildProcess, ACrashIsReportedWithItsSignal) {
   ChildOutcome outcome = run_in_child(
      []() -> std::string {
         std::raise(SIGSEGV);
         return "";
      },
      {});
   EXPECT_EQ(outcome.end, End::signaled);
   EXPECT_EQ(outcome.signal, SIGSEGV);
   EXPECT_EQ(describe_signal(SIGSEGV), "SIGSEGV (Segmentation fault)");
}

TEST(ChildProcess, AHangIsKilledAtTheTimeLimit) {
   ChildLimits limits;
   limits.time_limit = std::chrono::milliseconds(300);
   int ticks = 0;
   limits.on_tick = [&ticks] { ++ticks; };
   ChildOutcome outcome = run_in_child(
      [] {
         std::this_thread::sleep_for(std::chrono::hours(1));
         return std::string{};
      },
      limits);
   EXPECT_EQ(outcome.end, End::timed_out);
   EXPECT_GE(ticks, 2);
}

} // namespace
} // namespace memfrag::platform
