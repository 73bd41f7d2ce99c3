// The .mft format: round trip from text, sections, and refusal of damaged files.
#include "core/workload/trace/kpageflags.hpp"
#include "core/workload/trace/mft_file.hpp"
#include "core/workload/trace/trace_input.hpp"
#include "trace_test_support.hpp"

#include <cstring>
#include <fstream>
#include <gtest/gtest.h>
#include <iterator>

namespace memfrag::workload::trace {
namespace {

bool same_event(const TraceEvent &a, const TraceEvent &b) {
   return std::memcmp(&a, &b, sizeof a) == 0;
}

std::string convert(const LoadedTrace &trace, const std::filesystem::path &output) {
   MftWriter writer(output.string());
   for (const TraceEvent &event : trace.events)
      writer.append(event);
   writer.finish(trace.metadata);
   return output.string();
}

TEST(MftFormat, RoundTripGivesTheSameEvents) {
   std::string path = test::sample_path("xz.perfscript.txt.zst");
   if (path.empty())
      GTEST_SKIP() << "sample captures not found at " << MEMFRAG_TRACE_SAMPLES;
   test::TemporaryDirectory directory;
   const LoadedTrace text = load_trace(path, {});
   const MftFile mft = MftFile::open(convert(text, directory.file("t.mft")));
   ASSERT_EQ(mft.events().size(), text.events.size());
   for (std::size_t index = 0; index < text.events.size(); ++index)
      ASSERT_TRUE(same_event(mft.events()[index], text.events[index])) << "event " << index;
   EXPECT_EQ(mft.metadata().source, MftSource::perf_script);
   EXPECT_EQ(mft.metadata().tasks, text.metadata.tasks);
   EXPECT_EQ(mft.header().first_time_ns, text.events.front().time_ns);
   EXPECT_EQ(mft.header().last_time_ns, text.events.back().time_ns);
}

TEST(MftFormat, CarriesSnapshotsBuddyinfoAndKernel) {
   test::TemporaryDirectory directory;
   TraceMetadata metadata;
   metadata.kernel = "4.3.1";
   metadata.numbering = MigratetypeNumbering::pre_4_4;
   metadata.free_frames_start = FreeFrameSet(0, 100);
   metadata.free_frames_start->set(8, 8, true);
   metadata.buddyinfo_start = "Node 0, zone Normal 0 0 0 1\n";
   {
      MftWriter writer(directory.file("t.mft").string());
      writer.finish(metadata);
   }
   const MftFile mft = MftFile::open(directory.file("t.mft").string());
   EXPECT_EQ(mft.metadata().kernel, "4.3.1");
   EXPECT_EQ(mft.metadata().numbering, MigratetypeNumbering::pre_4_4);
   ASSERT_TRUE(mft.metadata().free_frames_start);
   EXPECT_EQ(mft.metadata().free_frames_start->free_frames(), 8U);
   EXPECT_EQ(mft.metadata().free_frames_start->histogram(3),
             (std::vector<std::uint64_t>{0, 0, 0, 1}));
   EXPECT_EQ(mft.metadata().buddyinfo_start, metadata.buddyinfo_start);
   EXPECT_FALSE(mft.metadata().free_frames_end);
}

TEST(MftFormat, RefusesDamagedFiles) {
   test::TemporaryDirectory directory;
   {
      MftWriter writer(directory.file("t.mft").string());
      TraceEvent event;
      writer.append(event);
      writer.finish({});
   }
   std::ifstream file(directory.file("t.mft"), std::ios::binary);
   std::vector<char> bytes{std::istreambuf_iterator<char>(file), {}};
   EXPECT_NO_THROW(MftFile::from_bytes(bytes));
   auto truncated = bytes;
   truncated.resize(bytes.size() - 1);
   EXPECT_THROW(MftFile::from_bytes(truncated), TraceReadError);
   auto newer = bytes;
   newer[8] = 2;
   EXPECT_THROW(MftFile::from_bytes(newer), TraceReadError);
   auto bad_kind = bytes;
   bad_kind[sizeof(MftHeader) + 26] = 9;
   EXPECT_THROW(MftFile::from_bytes(bad_kind), TraceReadError);
}

TEST(MftFormat, AnInterruptedWriterLeavesNothing) {
   test::TemporaryDirectory directory;
   { MftWriter writer(directory.file("t.mft").string()); }
   EXPECT_FALSE(std::filesystem::exists(directory.file("t.mft")));
   EXPECT_FALSE(std::filesystem::exists(directory.file("t.mft.partial")));
}

TEST(FreeFrames, GreedySplitAndBuddyinfoComparison) {
   FreeFrameSet set(0, 64);
   set.set(1, 15, true); // 1 | 2-3 | 4-7 | 8-15
   EXPECT_EQ(set.histogram(3), (std::vector<std::uint64_t>{1, 1, 1, 1}));
   const BuddyinfoComparison comparison =
       compare_with_buddyinfo(set, "Node 0, zone   Normal   2   1   1   1\n");
   EXPECT_EQ(comparison.exact_from_order, 1U);
   EXPECT_EQ(comparison.reconstructed_frames, 15U);
   EXPECT_EQ(comparison.buddyinfo_frames, 16U);
}

TEST(FreeFrames, KpageflagsEveryFrameAndFirstFrameOnly) {
   constexpr std::uint64_t buddy = 1ull << kKpfBuddy;
   constexpr std::uint64_t lru = 1ull << 5;
   const std::vector<std::uint64_t> every{lru, lru, lru, lru, buddy, buddy, buddy, buddy};
   EXPECT_EQ(free_frames_from_flags(every, 0).histogram(3),
             (std::vector<std::uint64_t>{0, 0, 1, 0}));
   const std::vector<std::uint64_t> first_only{lru, lru, lru, lru, buddy, 0, 0, 0};
   EXPECT_EQ(free_frames_from_flags(first_only, 0).histogram(3),
             (std::vector<std::uint64_t>{0, 0, 1, 0}));
}

} // namespace
} // namespace memfrag::workload::trace
