// Writing and reading .mft files (layout: mft_format.hpp, docs/trace-format.md).
#pragma once

#include "core/workload/trace/free_frames.hpp"
#include "core/workload/trace/mft_format.hpp"
#include "core/workload/trace/migratetype.hpp"
#include "core/workload/trace/trace_event.hpp"

#include <cstdint>
#include <cstdio>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace memfrag::workload::trace {

// What a trace carries besides its events.
struct TraceMetadata {
   MftSource source = MftSource::unknown;
   MigratetypeNumbering numbering = kDefaultNumbering;
   std::string kernel;
   std::uint64_t lines_read = 0;
   std::uint64_t other_events = 0;
   std::uint64_t lost_events = 0;
   std::uint64_t malformed_lines = 0;
   std::map<std::uint32_t, std::string> tasks;
   std::optional<FreeFrameSet> free_frames_start;
   std::optional<FreeFrameSet> free_frames_end;
   std::string buddyinfo_start;
   std::string buddyinfo_end;
};

const char *source_name(MftSource source);

// Writes `path` through a temporary file next to it, renamed into place by finish(): an
// interrupted writer leaves no half-written trace behind.
class MftWriter {
 public:
   explicit MftWriter(const std::string &path); // throws TraceReadError
   MftWriter(const MftWriter &) = delete;
   MftWriter &operator=(const MftWriter &) = delete;
   ~MftWriter();

   void append(const TraceEvent &event);
   std::uint64_t event_count() const { return event_count_; }
   // Writes the sections and the header, and moves the file into place. Throws TraceReadError.
   void finish(const TraceMetadata &metadata);

 private:
   void flush_events();
   void write(const void *data, std::size_t size);
   std::uint64_t write_section(MftHeader &header, MftSectionType type, std::span<const char> bytes,
                               std::uint64_t offset);

   std::string path_;
   std::string temporary_path_;
   std::FILE *file_ = nullptr;
   std::vector<TraceEvent> pending_;
   std::uint64_t event_count_ = 0;
   std::uint64_t first_time_ns_ = 0;
   std::uint64_t last_time_ns_ = 0;
};

// A whole .mft file, mapped read-only (or held in memory), validated on opening: the header,
// section bounds and every record's kind and order.
class MftFile {
 public:
   static MftFile open(const std::string &path);       // throws TraceReadError
   static MftFile from_bytes(std::vector<char> bytes); // throws TraceReadError
   // Whether `path` starts with the .mft magic.
   static bool is_mft(const std::string &path);

   std::span<const TraceEvent> events() const { return events_; }
   const MftHeader &header() const { return header_; }
   const TraceMetadata &metadata() const { return metadata_; }

 private:
   struct Mapping;
   MftFile(std::shared_ptr<const Mapping> mapping, const std::string &name);
   void read_sections(const std::string &name);

   std::shared_ptr<const Mapping> mapping_;
   MftHeader header_;
   std::span<const TraceEvent> events_;
   TraceMetadata metadata_;
};

} // namespace memfrag::workload::trace
