#include "core/workload/trace/trace_input.hpp"

namespace memfrag::workload::trace {

namespace {

MftSource source_of(const ReadCounts &counts) {
   const std::string name = text_source_name(counts);
   if (name == "ftrace")
      return MftSource::ftrace;
   if (name == "perf-script")
      return MftSource::perf_script;
   return name == "mixed" ? MftSource::mixed : MftSource::unknown;
}

} // namespace

TraceInput::TraceInput(const std::string &path, const ReadOptions &options) : options_(options) {
   if (MftFile::is_mft(path))
      mft_ = MftFile::open(path);
   else
      text_ = std::make_unique<TextTraceReader>(path, options);
}

bool TraceInput::next(TraceEvent &event) {
   if (text_)
      return text_->next(event);
   if (mft_cursor_ == mft_->events().size())
      return false;
   event = mft_->events()[mft_cursor_++];
   return true;
}

std::string TraceInput::container() const {
   return text_ ? compression_name(text_->compression()) : "mft";
}

TraceMetadata TraceInput::metadata() const {
   if (mft_)
      return mft_->metadata();
   TraceMetadata metadata;
   const ReadCounts &counts = text_->counts();
   metadata.source = source_of(counts);
   metadata.numbering = text_->numbering();
   metadata.kernel = options_.kernel;
   metadata.lines_read = counts.lines;
   metadata.other_events = counts.other_events;
   metadata.lost_events = counts.lost_events;
   metadata.malformed_lines = counts.malformed;
   metadata.tasks = text_->tasks();
   return metadata;
}

ReadCounts TraceInput::counts() const {
   if (text_)
      return text_->counts();
   ReadCounts counts;
   const MftHeader &header = mft_->header();
   counts.lines = header.lines_read;
   counts.events = header.event_count;
   counts.other_events = header.other_events;
   counts.lost_events = header.lost_events;
   counts.malformed = header.malformed_lines;
   return counts;
}

LoadedTrace load_trace(const std::string &path, const ReadOptions &options) {
   TraceInput input(path, options);
   LoadedTrace loaded;
   if (const MftFile *mft = input.mft()) {
      auto file = std::make_shared<const MftFile>(*mft);
      loaded.events = file->events();
      loaded.storage = file;
   } else {
      auto events = std::make_shared<std::vector<TraceEvent>>();
      TraceEvent event;
      while (input.next(event))
         events->push_back(event);
      loaded.events = *events;
      loaded.storage = events;
   }
   loaded.metadata = input.metadata();
   loaded.counts = input.counts();
   loaded.container = input.container();
   return loaded;
}

} // namespace memfrag::workload::trace
