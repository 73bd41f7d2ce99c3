// Readers: ftrace and perf script lines, format drift between kernel versions, GFP mapping,
// compressed inputs and the sample captures.
#include "core/workload/trace/gfp_flags.hpp"
#include "core/workload/trace/line_parser.hpp"
#include "core/workload/trace/text_reader.hpp"
#include "core/workload/trace/trace_input.hpp"
#include "memfrag/allocator.h"
#include "trace_test_support.hpp"

#include <gtest/gtest.h>

namespace memfrag::workload::trace {
namespace {

constexpr MigratetypeNumbering kCurrent = MigratetypeNumbering::current;

constexpr const char *kFtraceAlloc =
    "      capture.sh-14470   [001] .....  1565.959427: mm_page_alloc: page=00000000fba6574f "
    "pfn=0x1b30ea order=0 migratetype=1 gfp_flags=GFP_HIGHUSER_MOVABLE|__GFP_COMP";
constexpr const char *kPerfAlloc =
    "        bench_je 14980 [001]  1588.826235: kmem:mm_page_alloc: page=0x14f779 pfn=0x14f779 "
    "order=2 migratetype=1 gfp_flags=GFP_HIGHUSER_MOVABLE|__GFP_ZERO|__GFP_COMP";

TEST(TraceLineParser, ReadsAnFtraceAllocation) {
   const ParsedLine parsed = parse_trace_line(kFtraceAlloc, kCurrent);
   ASSERT_EQ(parsed.kind, LineKind::event) << parsed.problem;
   EXPECT_EQ(parsed.format, LineFormat::ftrace);
   EXPECT_EQ(parsed.event.kind, EventKind::alloc);
   EXPECT_EQ(parsed.event.pfn, 0x1b30eaU);
   EXPECT_EQ(parsed.event.order, 0);
   EXPECT_EQ(parsed.event.cpu, 1);
   EXPECT_EQ(parsed.event.pid, 14470U);
   EXPECT_EQ(parsed.task, "capture.sh");
   EXPECT_EQ(parsed.event.time_ns, 1565959427000ULL);
   EXPECT_EQ(parsed.event.migratetype, 1);
   EXPECT_EQ(parsed.event.request_flags, MEMFRAG_REQ_MOBILITY(MEMFRAG_MOBILITY_MOVABLE));
}

TEST(TraceLineParser, ReadsAPerfScriptAllocation) {
   const ParsedLine parsed = parse_trace_line(kPerfAlloc, kCurrent);
   ASSERT_EQ(parsed.kind, LineKind::event) << parsed.problem;
   EXPECT_EQ(parsed.format, LineFormat::perf_script);
   EXPECT_EQ(parsed.event.pfn, 0x14f779U);
   EXPECT_EQ(parsed.event.order, 2);
   EXPECT_EQ(parsed.event.pid, 14980U);
   EXPECT_EQ(parsed.task, "bench_je");
   EXPECT_EQ(parsed.event.time_ns, 1588826235000ULL);
}

TEST(TraceLineParser, ReadsPerfScriptPaddedEventNames) {
   const ParsedLine parsed = parse_trace_line(
       "           sleep 14996 [000]  1588.830371:  kmem:mm_page_free: page=0x13243c pfn=0x13243c "
       "order=0",
       kCurrent);
   ASSERT_EQ(parsed.kind, LineKind::event) << parsed.problem;
   EXPECT_EQ(parsed.event.kind, EventKind::free);
   EXPECT_EQ(parsed.task, "sleep");
}

TEST(TraceLineParser, ReadsPerfScriptWithThePeriodColumn) {
   const ParsedLine parsed = parse_trace_line(
       "            bash  1234 [000] 1588.826182:          1 kmem:mm_page_alloc: page=0x1064fd "
       "pfn=0x1064fd order=0 migratetype=0 gfp_flags=GFP_KERNEL",
       kCurrent);
   ASSERT_EQ(parsed.kind, LineKind::event) << parsed.problem;
   EXPECT_EQ(parsed.event.kind, EventKind::alloc);
   EXPECT_EQ(parsed.event.pfn, 0x1064fdU);
   EXPECT_EQ(parsed.task, "bash");
}

TEST(TraceLineParser, ReadsFreesAndBatchedFrees) {
   const ParsedLine free = parse_trace_line(
       " python3-14474 [001] ..... 1565.963193: mm_page_free: page=00000000011f5020 pfn=0x113b5e "
       "order=3",
       kCurrent);
   ASSERT_EQ(free.kind, LineKind::event) << free.problem;
   EXPECT_EQ(free.event.kind, EventKind::free);
   EXPECT_EQ(free.event.order, 3);
   const ParsedLine batched = parse_trace_line(
       " kswapd0-80 [000] d..1. 12.5: mm_page_free_batched: page=000000001 pfn=0x10 order=0",
       kCurrent);
   ASSERT_EQ(batched.kind, LineKind::event) << batched.problem;
   EXPECT_EQ(batched.event.kind, EventKind::free);
   EXPECT_EQ(batched.event.time_ns, 12'500'000'000ULL);
}

TEST(TraceFormatDrift, DecimalPfnOfOlderKernels) {
   const ParsedLine parsed = parse_trace_line(
       "  bash-1 [000] 100.000001: mm_page_alloc: page=ffffea0000000040 pfn=1765364 order=1 "
       "migratetype=0 gfp_flags=GFP_KERNEL",
       kCurrent);
   ASSERT_EQ(parsed.kind, LineKind::event) << parsed.problem;
   EXPECT_EQ(parsed.event.pfn, 1765364U);
}

TEST(TraceFormatDrift, OldMigratetypeNumberingWhenGfpSaysNothing) {
   const char *line = "  bash-1 [000] 1.0: mm_page_alloc: page=ffffea0000000040 pfn=0x40 order=0 "
                      "migratetype=2 gfp_flags=0x200d2";
   const ParsedLine old = parse_trace_line(line, MigratetypeNumbering::pre_4_4);
   const ParsedLine current = parse_trace_line(line, kCurrent);
   ASSERT_EQ(old.kind, LineKind::event) << old.problem;
   EXPECT_EQ(MEMFRAG_REQ_GET_MOBILITY(old.event.request_flags), MEMFRAG_MOBILITY_MOVABLE);
   EXPECT_EQ(MEMFRAG_REQ_GET_MOBILITY(current.event.request_flags), MEMFRAG_MOBILITY_RECLAIMABLE);
}

TEST(TraceFormatDrift, NumberingByKernelVersion) {
   EXPECT_EQ(numbering_for_kernel("4.3.6"), MigratetypeNumbering::pre_4_4);
   EXPECT_EQ(numbering_for_kernel("3.10.0-1160.el7.x86_64"), MigratetypeNumbering::pre_4_4);
   EXPECT_EQ(numbering_for_kernel("4.4.0"), MigratetypeNumbering::current);
   EXPECT_EQ(numbering_for_kernel("6.18.44-fc"), MigratetypeNumbering::current);
   EXPECT_FALSE(numbering_for_kernel("unknown"));
   ReadOptions options;
   options.kernel = "4.1.2";
   std::string reason;
   EXPECT_EQ(select_numbering(options, &reason), MigratetypeNumbering::pre_4_4);
   EXPECT_EQ(reason, "kernel 4.1.2");
}

TEST(TraceFormatDrift, FailedAllocations) {
   for (const char *page : {"(nil)", "(null)", "0000000000000000"}) {
      const std::string line = std::string("  x-7 [000] 2.0: mm_page_alloc: page=") + page +
                               " pfn=0 order=4 migratetype=0 gfp_flags=GFP_ATOMIC";
      const ParsedLine parsed = parse_trace_line(line, kCurrent);
      ASSERT_EQ(parsed.kind, LineKind::event) << page << ": " << parsed.problem;
      EXPECT_EQ(parsed.event.kind, EventKind::alloc_failed) << page;
      EXPECT_EQ(parsed.event.order, 4);
   }
}

TEST(TraceFormatDrift, UnknownEventsAreSkippedNotMalformed) {
   EXPECT_EQ(
       parse_trace_line("  a-1 [000] 1.0: sched_switch: prev_comm=a prev_pid=1", kCurrent).kind,
       LineKind::other_event);
   EXPECT_EQ(
       parse_trace_line("  a-1 [000] 1.0: mm_page_pcpu_drain: page=0 pfn=0x1 order=0", kCurrent)
           .kind,
       LineKind::other_event);
   EXPECT_EQ(parse_trace_line("# tracer: nop", kCurrent).kind, LineKind::comment);
   const ParsedLine lost = parse_trace_line("CPU:1 [LOST 42 EVENTS]", kCurrent);
   EXPECT_EQ(lost.kind, LineKind::lost_events);
   EXPECT_EQ(lost.lost, 42U);
}

TEST(TraceFormatDrift, GarbageLinesAreMalformed) {
   for (const char *line : {"garbage", "  a-1 [000] 1.0: mm_page_alloc: pfn=zz order=0",
                            "  a-1 [000] 1.0: mm_page_alloc: page=1 pfn=0x1 order=99",
                            "  a-1 [000] 1.0: mm_page_free: page=1 order=0",
                            "  a-1 [000] nope: mm_page_free: page=1 pfn=0x1 order=0",
                            "  [000] 1.0: mm_page_free: page=1 pfn=0x1 order=0"})
      EXPECT_EQ(parse_trace_line(line, kCurrent).kind, LineKind::malformed) << line;
}

TEST(TraceFormatDrift, ExtfragKeepsTheFallback) {
   const ParsedLine parsed = parse_trace_line(
       "  a-1 [000] 1.0: mm_page_alloc_extfrag: page=00000000a pfn=0x200 alloc_order=0 "
       "fallback_order=9 pageblock_order=9 alloc_migratetype=0 fallback_migratetype=1 "
       "fragmenting=1 change_ownership=1",
       kCurrent);
   ASSERT_EQ(parsed.kind, LineKind::event) << parsed.problem;
   EXPECT_EQ(parsed.event.kind, EventKind::extfrag);
   EXPECT_EQ(parsed.event.fallback_order, 9);
   EXPECT_EQ(parsed.event.fallback_detail, 1 | kFallbackFragmenting | kFallbackChangeOwnership);
}

TEST(TraceFormatDrift, TgidColumnAndDashesInTaskNames) {
   const ParsedLine parsed = parse_trace_line("  kworker/u4:1-my-task-77 (   70) [003] d..1. "
                                              "9.000001: mm_page_free: page=1 pfn=0x5 order=0",
                                              kCurrent);
   ASSERT_EQ(parsed.kind, LineKind::event) << parsed.problem;
   EXPECT_EQ(parsed.event.pid, 77U);
   EXPECT_EQ(parsed.event.cpu, 3);
   EXPECT_EQ(parsed.task, "kworker/u4:1-my-task");
}

TEST(GfpMapping, RequestClassAndMobility) {
   const auto flags = [](const char *text) {
      const std::uint32_t gfp = parse_gfp_flags(text);
      return gfp_request_class(gfp) | MEMFRAG_REQ_MOBILITY(gfp_mobility(gfp).value_or(3));
   };
   EXPECT_EQ(flags("GFP_KERNEL"), MEMFRAG_REQ_MOBILITY(MEMFRAG_MOBILITY_UNMOVABLE));
   EXPECT_EQ(flags("GFP_ATOMIC|__GFP_COMP"), MEMFRAG_REQ_ATOMIC | MEMFRAG_REQ_HIGH);
   EXPECT_EQ(flags("GFP_NOWAIT"), MEMFRAG_REQ_ATOMIC);
   EXPECT_EQ(flags("GFP_HIGHUSER_MOVABLE|__GFP_ZERO"),
             MEMFRAG_REQ_MOBILITY(MEMFRAG_MOBILITY_MOVABLE));
   EXPECT_EQ(flags("GFP_KERNEL|__GFP_RECLAIMABLE"),
             MEMFRAG_REQ_MOBILITY(MEMFRAG_MOBILITY_RECLAIMABLE));
   EXPECT_EQ(flags("GFP_TRANSHUGE_LIGHT"),
             MEMFRAG_REQ_ATOMIC | MEMFRAG_REQ_MOBILITY(MEMFRAG_MOBILITY_MOVABLE));
   EXPECT_EQ(flags("GFP_TRANSHUGE"), MEMFRAG_REQ_MOBILITY(MEMFRAG_MOBILITY_MOVABLE));
   EXPECT_EQ(flags("__GFP_RECLAIMABLE|__GFP_IO|__GFP_NOWARN"),
             MEMFRAG_REQ_ATOMIC | MEMFRAG_REQ_MOBILITY(MEMFRAG_MOBILITY_RECLAIMABLE));
   EXPECT_EQ(flags("GFP_KERNEL|__GFP_WAIT"), MEMFRAG_REQ_MOBILITY(MEMFRAG_MOBILITY_UNMOVABLE));
   EXPECT_EQ(flags("GFP_KERNEL|__GFP_ATOMIC"), MEMFRAG_REQ_ATOMIC);
   EXPECT_EQ(parse_gfp_flags("none"), 0U);
   EXPECT_NE(parse_gfp_flags("GFP_KERNEL|__GFP_SOMETHING_NEW") & gfp_unknown_name, 0U);
   EXPECT_EQ(parse_gfp_flags("0x400dc0"), static_cast<std::uint32_t>(gfp_not_symbolic));
}

std::string three_events() {
   return "# tracer: nop\n"
          "  a-1 [000] 1.000001: mm_page_alloc: page=1 pfn=0x100 order=1 migratetype=0 "
          "gfp_flags=GFP_KERNEL\n"
          "garbage here\n"
          "  a-1 [001] 1.000002: mm_page_free: page=1 pfn=0x100 order=1\n"
          "  b-2 [000] 1.000003: mm_page_free: page=1 pfn=0x900 order=0";
}

TEST(TextTraceReader, CountsMalformedLinesWithTheirNumbers) {
   test::TemporaryDirectory directory;
   test::write_file(directory.file("t.txt"), three_events());
   TextTraceReader reader(directory.file("t.txt").string(), {});
   TraceEvent event;
   int events = 0;
   while (reader.next(event))
      ++events;
   EXPECT_EQ(events, 3);
   ASSERT_EQ(reader.counts().malformed, 1U);
   EXPECT_EQ(reader.counts().first_malformed[0].line, 3U);
   EXPECT_EQ(reader.tasks().at(2), "b");
}

TEST(TextTraceReader, StrictTurnsMalformedLinesIntoErrors) {
   test::TemporaryDirectory directory;
   test::write_file(directory.file("t.txt"), three_events());
   ReadOptions options;
   options.strict = true;
   TextTraceReader reader(directory.file("t.txt").string(), options);
   TraceEvent event;
   EXPECT_TRUE(reader.next(event));
   EXPECT_THROW(reader.next(event), TraceReadError);
}

TEST(TextTraceReader, ReadsEveryCompression) {
   test::TemporaryDirectory directory;
   const auto plain = directory.file("t.txt");
   test::write_file(plain, three_events());
   for (const std::string tool : {"gzip", "xz", "zstd -q"}) {
      const auto packed = directory.file("packed");
      ASSERT_EQ(test::run_command(tool + " -c " + plain.string() + " > " + packed.string()).status,
                0);
      const LoadedTrace trace = load_trace(packed.string(), {});
      EXPECT_EQ(trace.events.size(), 3U) << tool;
      EXPECT_NE(trace.container, "none") << tool;
   }
}

TEST(TextTraceReader, ReadsTheLastLineWithoutNewlineAndLongLines) {
   test::TemporaryDirectory directory;
   std::string text(3u << 20, 'x');
   text += "\n  a-1 [000] 1.0: mm_page_free: page=1 pfn=0x5 order=0";
   test::write_file(directory.file("t.txt"), text);
   const LoadedTrace trace = load_trace(directory.file("t.txt").string(), {});
   EXPECT_EQ(trace.events.size(), 1U);
   EXPECT_EQ(trace.counts.malformed, 1U);
}

TEST(SampleCaptures, FtraceSampleParses) {
   const std::string path = test::sample_path("find-python.ftrace.txt.zst");
   if (path.empty())
      GTEST_SKIP() << "sample captures not found at " << MEMFRAG_TRACE_SAMPLES;
   const LoadedTrace trace = load_trace(path, {});
   EXPECT_EQ(trace.events.size(), 200000U);
   EXPECT_EQ(trace.counts.malformed, 0U);
   EXPECT_EQ(trace.metadata.source, MftSource::ftrace);
   EXPECT_EQ(trace.container, "zstd");
}

TEST(SampleCaptures, PerfScriptSampleParses) {
   const std::string path = test::sample_path("xz.perfscript.txt.zst");
   if (path.empty())
      GTEST_SKIP() << "sample captures not found at " << MEMFRAG_TRACE_SAMPLES;
   const LoadedTrace trace = load_trace(path, {});
   EXPECT_EQ(trace.events.size(), 100000U);
   EXPECT_EQ(trace.counts.malformed, 0U);
   EXPECT_EQ(trace.metadata.source, MftSource::perf_script);
}

} // namespace
} // namespace memfrag::workload::trace
