// Any trace file as a stream of events: .mft (recognised by its magic) or ftrace / perf script
// text, plain or compressed. Also loads a whole trace into memory for replay.
#pragma once

#include "core/workload/trace/mft_file.hpp"
#include "core/workload/trace/text_reader.hpp"

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace memfrag::workload::trace {

class TraceInput {
 public:
   TraceInput(const std::string &path, const ReadOptions &options); // throws TraceReadError

   bool next(TraceEvent &event);

   bool is_mft() const { return mft_.has_value(); }
   // "mft", or the compression of a text trace ("none", "zstd", ...).
   std::string container() const;
   // Complete once next() returned false: for text, counts and tasks are gathered while reading.
   TraceMetadata metadata() const;
   // Lines, skips and malformed lines of a text trace (from the header for .mft).
   ReadCounts counts() const;
   const MftFile *mft() const { return mft_ ? &*mft_ : nullptr; }

 private:
   ReadOptions options_;
   std::optional<MftFile> mft_;
   std::size_t mft_cursor_ = 0;
   std::unique_ptr<TextTraceReader> text_;
};

// A whole trace in memory (text) or mapped (.mft), with what was read beside it.
struct LoadedTrace {
   std::span<const TraceEvent> events;
   TraceMetadata metadata;
   ReadCounts counts;
   std::string container;
   std::shared_ptr<const void> storage; // keeps `events` alive
};

LoadedTrace load_trace(const std::string &path, const ReadOptions &options);

} // namespace memfrag::workload::trace
