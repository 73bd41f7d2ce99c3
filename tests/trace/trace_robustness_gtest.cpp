// The readers never crash: garbage, truncated and randomly mutated lines and .mft files are
// either read or refused with a TraceReadError.
#include "core/workload/trace/line_parser.hpp"
#include "core/workload/trace/mft_file.hpp"
#include "core/workload/trace/trace_input.hpp"
#include "trace_test_support.hpp"

#include <fstream>
#include <gtest/gtest.h>
#include <iterator>
#include <random>

namespace memfrag::workload::trace {
namespace {

const std::vector<std::string> kSeeds = {
    "      capture.sh-14470   [001] .....  1565.959168: mm_page_alloc: page=00000000b881ce5c "
    "pfn=0x1aebf4 order=0 migratetype=0 gfp_flags=GFP_KERNEL_ACCOUNT|__GFP_ZERO|__GFP_COMP",
    "        bench_je 14980 [001]  1588.826235: kmem:mm_page_alloc: page=0x14f779 pfn=0x14f779 "
    "order=0 migratetype=1 gfp_flags=GFP_HIGHUSER_MOVABLE|__GFP_ZERO|__GFP_COMP",
    "         python3-14474   [001] .....  1565.963193: mm_page_free: page=00000000011f5020 "
    "pfn=0x113b5e order=0",
    "  a-1 [000] 1.0: mm_page_alloc_extfrag: page=00000000a pfn=0x200 alloc_order=0 "
    "fallback_order=9 pageblock_order=9 alloc_migratetype=0 fallback_migratetype=1 "
    "fragmenting=1 change_ownership=1",
    "CPU:1 [LOST 42 EVENTS]",
};

std::string mutate(std::string line, std::mt19937_64 &random) {
   const std::string alphabet = " :[]=|-.0x9aZ()\t#";
   const int edits = static_cast<int>(random() % 6) + 1;
   for (int edit = 0; edit < edits && !line.empty(); ++edit) {
      const std::size_t at = random() % line.size();
      switch (random() % 4) {
      case 0:
         line[at] = alphabet[random() % alphabet.size()];
         break;
      case 1:
         line.erase(at, random() % 12);
         break;
      case 2:
         line.insert(at, 1, static_cast<char>(random() % 256));
         break;
      default:
         line.resize(at);
         break;
      }
   }
   return line;
}

TEST(TraceRobustness, MutatedLinesNeverCrashTheParser) {
   std::mt19937_64 random(42);
   std::uint64_t events = 0;
   for (int round = 0; round < 200000; ++round) {
      const std::string line = mutate(kSeeds[random() % kSeeds.size()], random);
      const ParsedLine parsed = parse_trace_line(line, MigratetypeNumbering::current);
      if (parsed.kind == LineKind::event) {
         ++events;
         EXPECT_LE(parsed.event.order, 30);
      }
   }
   EXPECT_GT(events, 0U);
}

TEST(TraceRobustness, GarbageFilesAreReadWithoutCrashing) {
   test::TemporaryDirectory directory;
   std::mt19937_64 random(7);
   for (int file = 0; file < 20; ++file) {
      std::string bytes(static_cast<std::size_t>(random() % 100000), '\0');
      for (char &byte : bytes)
         byte = static_cast<char>(random() % 256);
      test::write_file(directory.file("g"), bytes);
      try {
         load_trace(directory.file("g").string(), {});
      } catch (const TraceReadError &) {
      }
   }
}

TEST(TraceRobustness, DamagedCompressedStreamsAreRefused) {
   test::TemporaryDirectory directory;
   test::write_file(directory.file("t.txt"), kSeeds[0] + "\n" + kSeeds[2] + "\n");
   for (const std::string tool : {"gzip", "xz", "zstd -q"}) {
      const auto packed = directory.file("p");
      ASSERT_EQ(test::run_command(tool + " -c " + directory.file("t.txt").string() + " > " +
                                  packed.string())
                    .status,
                0);
      const auto size = std::filesystem::file_size(packed);
      std::filesystem::resize_file(packed, size - 5);
      EXPECT_THROW(load_trace(packed.string(), {}), TraceReadError) << tool;
   }
}

TEST(TraceRobustness, MutatedMftFilesAreReadOrRefused) {
   test::TemporaryDirectory directory;
   {
      MftWriter writer(directory.file("t.mft").string());
      for (std::uint64_t index = 0; index < 8; ++index) {
         TraceEvent event;
         event.pfn = index;
         writer.append(event);
      }
      TraceMetadata metadata;
      metadata.tasks[1] = "task";
      metadata.free_frames_start = FreeFrameSet(0, 128);
      writer.finish(metadata);
   }
   std::ifstream file(directory.file("t.mft"), std::ios::binary);
   const std::vector<char> bytes{std::istreambuf_iterator<char>(file), {}};
   std::mt19937_64 random(3);
   for (int round = 0; round < 20000; ++round) {
      std::vector<char> mutated = bytes;
      for (int edit = 0; edit < 4; ++edit)
         mutated[random() % mutated.size()] = static_cast<char>(random() % 256);
      if (random() % 4 == 0)
         mutated.resize(random() % mutated.size());
      try {
         MftFile::from_bytes(std::move(mutated));
      } catch (const TraceReadError &) {
      }
   }
}

} // namespace
} // namespace memfrag::workload::trace
