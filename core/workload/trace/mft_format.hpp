// The compact binary trace format (.mft), byte by byte in docs/trace-format.md: a fixed header,
// fixed-size event records, then optional sections (task names, free-frame snapshots, buddyinfo).
// Little-endian throughout.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

namespace memfrag::workload::trace {

inline constexpr std::array<char, 8> kMftMagic = {'M', 'E', 'M', 'F', 'R', 'A', 'G', 'T'};
inline constexpr std::uint16_t kMftVersionMajor = 1; // readers refuse another major version
inline constexpr std::uint16_t kMftVersionMinor = 0; // additions readers may ignore
inline constexpr std::size_t kMftMaxSections = 6;
inline constexpr std::size_t kMftKernelLength = 64;

enum class MftSource : std::uint8_t {
   unknown = 0,
   ftrace = 1,
   perf_script = 2,
   mixed = 3,
   recorded = 4, // memfrag trace record: ftrace read live from trace_pipe
};

enum class MftSectionType : std::uint32_t {
   none = 0,
   tasks = 1,             // repeated {u32 pid, u16 length, length bytes of command name}
   free_frames_start = 2, // {u64 first_pfn, u64 frame_count, u64 words[]}: bit set = frame free
   free_frames_end = 3,
   buddyinfo_start = 4, // /proc/buddyinfo text
   buddyinfo_end = 5,
};

struct MftSection {
   MftSectionType type = MftSectionType::none;
   std::uint32_t reserved = 0;
   std::uint64_t offset = 0; // from the start of the file
   std::uint64_t size = 0;   // bytes
};

struct MftHeader {
   std::array<char, 8> magic = kMftMagic;
   std::uint16_t version_major = kMftVersionMajor;
   std::uint16_t version_minor = kMftVersionMinor;
   std::uint32_t header_size = sizeof(MftHeader); // records start here
   std::uint32_t record_size = 32;
   MftSource source = MftSource::unknown;
   std::uint8_t numbering = 0; // MigratetypeNumbering the request flags were derived with
   std::uint16_t section_count = 0;
   std::uint64_t event_count = 0;
   std::uint64_t first_time_ns = 0;
   std::uint64_t last_time_ns = 0;
   std::uint64_t lines_read = 0;
   std::uint64_t other_events = 0;
   std::uint64_t lost_events = 0;
   std::uint64_t malformed_lines = 0;
   std::array<char, kMftKernelLength> kernel{}; // release, NUL-padded; empty when unknown
   std::array<std::uint8_t, 16> reserved{};
   std::array<MftSection, kMftMaxSections> sections{};
   std::array<std::uint8_t, 16> padding{};
};

static_assert(sizeof(MftSection) == 24);
static_assert(offsetof(MftHeader, event_count) == 24);
static_assert(offsetof(MftHeader, kernel) == 80);
static_assert(offsetof(MftHeader, sections) == 160);
static_assert(sizeof(MftHeader) == 320);

} // namespace memfrag::workload::trace
