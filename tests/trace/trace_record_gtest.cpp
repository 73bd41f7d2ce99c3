// Recording for real, where tracefs can be used (root, tracefs mountable); skipped with the
// reason elsewhere. Also exercises the `trace` command line end to end.
#include "core/platform/tracefs.hpp"
#include "core/workload/trace/mft_file.hpp"
#include "core/workload/trace/recorder.hpp"
#include "trace_test_support.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

namespace memfrag::workload::trace {
namespace {

const std::string kCli = MEMFRAG_TRACE_CLI;

// Why recording cannot be tested here, or empty when it can.
std::string recording_unavailable() {
   if (::geteuid() != 0)
      return "not root";
   if (!std::filesystem::exists("/sys/kernel/tracing") &&
       memfrag::platform::TracefsSession::find_mount().empty())
      return "no tracefs mount point";
   if (!std::filesystem::exists("/proc/kpageflags"))
      return "no /proc/kpageflags";
   return "";
}

// The global tracing settings, and whether an instance of this process's recordings is left
// behind (recordings of other processes, named after their own pid, may come and go meanwhile).
std::string tracing_state() {
   const std::string root = memfrag::platform::TracefsSession::find_mount();
   if (root.empty())
      return "unmounted";
   return test::run_command("cat " + root + "/tracing_on " + root + "/buffer_size_kb " + root +
                            "/events/kmem/mm_page_alloc/enable; ls " + root +
                            "/instances | grep -x 'memfrag-" + std::to_string(::getpid()) +
                            "' || true")
       .out;
}

TEST(TraceRecord, RecordsWhileACommandRunsAndRestoresTracing) {
   if (const std::string reason = recording_unavailable(); !reason.empty())
      GTEST_SKIP() << "recording not possible here: " << reason;
   test::TemporaryDirectory directory;
   const std::string before = tracing_state();
   RecordOptions options;
   options.output = directory.file("c.mft").string();
   options.command = {"sh", "-c", "head -c 20000000 /dev/zero | gzip -c > /dev/null"};
   options.buffer_kb = 4096;
   std::ostringstream log;
   const RecordResult result = record_trace(options, log);
   EXPECT_EQ(tracing_state(), before);
   EXPECT_EQ(result.command_status, 0);
   EXPECT_GT(result.events, 0U);
   const MftFile mft = MftFile::open(options.output);
   EXPECT_EQ(mft.events().size(), result.events);
   EXPECT_EQ(mft.metadata().source, MftSource::recorded);
   EXPECT_FALSE(mft.metadata().kernel.empty());
   ASSERT_TRUE(mft.metadata().free_frames_start);
   ASSERT_TRUE(mft.metadata().free_frames_end);
   ASSERT_TRUE(result.start_check);
   // The reconstruction matches buddyinfo at the highest orders (metrics.md).
   EXPECT_LT(result.start_check->exact_from_order, result.start_check->buddyinfo.size());
}

TEST(TraceRecord, RecordsForADurationThroughTheCommandLine) {
   if (const std::string reason = recording_unavailable(); !reason.empty())
      GTEST_SKIP() << "recording not possible here: " << reason;
   test::TemporaryDirectory directory;
   const std::string before = tracing_state();
   const std::string output = directory.file("d.mft").string();
   const auto recorded = test::run_command(kCli + " trace record -o " + output +
                                           " --duration 300ms --buffer-kb 1024");
   EXPECT_EQ(recorded.status, 0) << recorded.err;
   EXPECT_NE(recorded.err.find("vs /proc/buddyinfo"), std::string::npos) << recorded.err;
   EXPECT_EQ(tracing_state(), before);
   const auto info = test::run_command(kCli + " trace info --json " + output);
   EXPECT_EQ(info.status, 0) << info.err;
   EXPECT_NE(info.out.find("\"kernel_layout_known\": true"), std::string::npos) << info.out;
}

TEST(TraceRecord, InterruptedRecordingStillWritesAndRestores) {
   if (const std::string reason = recording_unavailable(); !reason.empty())
      GTEST_SKIP() << "recording not possible here: " << reason;
   test::TemporaryDirectory directory;
   const std::string before = tracing_state();
   const std::string output = directory.file("i.mft").string();
   const auto recorded = test::run_command(kCli + " trace record -o " + output +
                                           " --duration 60s & pid=$!; sleep 1.5; kill -INT $pid; "
                                           "wait $pid");
   EXPECT_EQ(recorded.status, 0) << recorded.err;
   EXPECT_NE(recorded.err.find("(interrupted)"), std::string::npos) << recorded.err;
   EXPECT_TRUE(std::filesystem::exists(output));
   EXPECT_EQ(tracing_state(), before);
}

TEST(TraceCommandLine, InfoConvertAndErrors) {
   const std::string sample = test::sample_path("find-python.ftrace.txt.zst");
   if (sample.empty())
      GTEST_SKIP() << "sample captures not found at " << MEMFRAG_TRACE_SAMPLES;
   test::TemporaryDirectory directory;
   const std::string output = directory.file("s.mft").string();
   const auto converted =
       test::run_command(kCli + " trace convert " + sample + " -o " + output + " --buddyinfo " +
                         test::sample_path("find-python.buddyinfo.before"));
   ASSERT_EQ(converted.status, 0) << converted.err;
   EXPECT_NE(converted.err.find("wrote 200000 events"), std::string::npos) << converted.err;
   const auto text_info = test::run_command(kCli + " trace info " + sample);
   const auto mft_info = test::run_command(kCli + " trace info " + output);
   EXPECT_EQ(text_info.status, 0) << text_info.err;
   EXPECT_NE(text_info.out.find("events:          200000"), std::string::npos) << text_info.out;
   EXPECT_NE(mft_info.out.find("events:          200000"), std::string::npos) << mft_info.out;
   EXPECT_NE(text_info.out.find("kernel layout:   unknown"), std::string::npos);
   const auto missing = test::run_command(kCli + " trace info /nonexistent");
   EXPECT_NE(missing.status, 0);
   EXPECT_NE(missing.err.find("/nonexistent: cannot open"), std::string::npos) << missing.err;
   test::write_file(directory.file("bad.txt"), "garbage\n");
   const auto strict =
       test::run_command(kCli + " trace info --strict " + directory.file("bad.txt").string());
   EXPECT_NE(strict.status, 0);
   EXPECT_NE(strict.err.find(":1: no event in line"), std::string::npos) << strict.err;
   const auto from_stdin =
       test::run_command("zstdcat " + sample + " | " + kCli + " trace info --json -");
   EXPECT_NE(from_stdin.out.find("\"events\": 200000"), std::string::npos) << from_stdin.err;
}

} // namespace
} // namespace memfrag::workload::trace
