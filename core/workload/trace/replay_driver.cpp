#include "core/workload/trace/replay_driver.hpp"

#include <algorithm>
#include <thread>

namespace memfrag::workload::trace {

// One lane: the script entries of its CPUs, in trace order.
class Replay::Lane final : public Driver {
 public:
   Lane(Replay &replay, std::uint32_t index) : replay_(replay), index_(index) {}

   void add(std::uint32_t entry) { entries_.push_back(entry); }
   void take_every_entry() {
      every_entry_ = true;
      samples_.push_back({0, 0});
   }

   bool next(Op &op) override {
      while (cursor_ < size()) {
         const ScriptEntry &entry = replay_.script_.entries[entry_at(cursor_)];
         if (replay_.honour_time_ && entry.event < replay_.events_.size())
            replay_.pace(replay_.events_[entry.event]);
         note_samples_before(entry.event);
         if (entry.kind == ScriptEntry::Kind::alloc) {
            emit_alloc(op, entry);
            return true;
         }
         const BlockSlot &block = replay_.blocks_[entry.block];
         if (!block.ready.load(std::memory_order_acquire)) {
            op = Op{};
            op.kind = Op::Kind::wait;
            return true;
         }
         ++cursor_;
         if (block.handle == kNoBlock) {
            ++frees_of_failed_blocks_;
            continue;
         }
         emit_free(op, entry, block.handle);
         return true;
      }
      note_samples_before(replay_.events_.size());
      return false;
   }

   void allocated(const Op & /*op*/, BlockHandle block) override {
      BlockSlot &slot = replay_.blocks_[pending_block_];
      slot.handle = block;
      slot.ready.store(true, std::memory_order_release);
   }

   std::uint64_t expected_ops() const override { return size(); }
   // The replay reports for all its lanes (Replay::report).
   void report(results::RunCounts & /*counts*/) const override {}

   std::uint64_t frees() const { return frees_; }
   std::uint64_t frees_of_failed_blocks() const { return frees_of_failed_blocks_; }
   const std::vector<SamplePoint> &samples() const { return samples_; }

 private:
   std::size_t size() const {
      return every_entry_ ? replay_.script_.entries.size() : entries_.size();
   }
   std::size_t entry_at(std::size_t position) const {
      return every_entry_ ? position : entries_[position];
   }

   std::uint32_t cpu_of(const ScriptEntry &entry) const {
      if (replay_.lanes_.size() > 1)
         return index_;
      return replay_.cpus_ > 1 ? entry.traced_cpu % replay_.cpus_ : 0;
   }

   void emit_alloc(Op &op, const ScriptEntry &entry) {
      op = Op{};
      op.kind = Op::Kind::alloc;
      op.order = entry.order;
      op.flags = entry.flags;
      op.cpu = cpu_of(entry);
      pending_block_ = entry.block;
      ++cursor_;
      ++ops_;
   }

   void emit_free(Op &op, const ScriptEntry &entry, BlockHandle block) {
      op = Op{};
      op.kind = Op::Kind::free;
      op.order = entry.order;
      op.block = block;
      op.cpu = cpu_of(entry);
      ++frees_;
      ++ops_;
   }

   // A lane that replays every event samples the operations it executed before each sample
   // point (every sample_every_ events), for the traced kernel's layout beside the plugin's.
   void note_samples_before(std::uint64_t event) {
      if (!every_entry_)
         return;
      while (next_sample_ <= event && next_sample_ < replay_.events_.size()) {
         samples_.push_back({next_sample_, ops_});
         next_sample_ += replay_.sample_every_;
      }
      if (event == replay_.events_.size() && samples_.back().event_index != event)
         samples_.push_back({event, ops_});
   }

   Replay &replay_;
   std::uint32_t index_;
   bool every_entry_ = false;
   std::vector<std::uint32_t> entries_;
   std::size_t cursor_ = 0;
   std::uint32_t pending_block_ = 0;
   std::uint64_t ops_ = 0;
   std::uint64_t frees_ = 0;
   std::uint64_t frees_of_failed_blocks_ = 0;
   std::vector<SamplePoint> samples_;
   std::uint64_t next_sample_ = replay_.sample_every_;
};

Replay::Replay(LoadedTrace trace, ReplayPlan plan, const ReplayOptions &options,
               std::uint32_t lanes)
    : trace_(std::move(trace)), events_(trace_.events), script_(std::move(plan.script)),
      cpus_(options.cpus), max_order_(options.max_order),
      sample_every_(std::max<std::uint64_t>(1, events_.size() / std::max(1u, options.samples))),
      blocks_(std::make_unique<BlockSlot[]>(script_.blocks)),
      honour_time_(options.time == TimeMode::honour), time_scale_(options.time_scale) {
   const std::uint32_t count = std::max(1u, lanes);
   for (std::uint32_t index = 0; index < count; ++index)
      lanes_.push_back(std::make_unique<Lane>(*this, index));
   if (count == 1) {
      lanes_[0]->take_every_entry();
      return;
   }
   for (std::size_t entry = 0; entry < script_.entries.size(); ++entry) {
      const ScriptEntry &scripted = script_.entries[entry];
      const bool seeded = entry < script_.counts.seeded_blocks;
      lanes_[seeded ? 0 : scripted.traced_cpu % count]->add(static_cast<std::uint32_t>(entry));
   }
}

Replay::~Replay() = default;

Driver &Replay::lane(std::uint32_t index) {
   return *lanes_.at(index);
}

// Sleeps until the event's traced time, measured from the first event and divided by the scale;
// the clock starts when the first lane asks.
void Replay::pace(const TraceEvent &event) {
   std::call_once(started_once_, [this] { started_ = std::chrono::steady_clock::now(); });
   const double traced_ns = static_cast<double>(event.time_ns - events_.front().time_ns);
   const auto due =
       started_ + std::chrono::nanoseconds(static_cast<std::int64_t>(traced_ns / time_scale_));
   if (due > std::chrono::steady_clock::now())
      std::this_thread::sleep_until(due);
}

// Several lanes execute in no fixed interleaving: the points then use the script's positions,
// the operations a replay that serves every allocation executes before each point.
std::vector<SamplePoint> Replay::sample_points() const {
   if (lanes_.size() == 1)
      return lanes_[0]->samples();
   std::vector<SamplePoint> points{{0, 0}};
   const auto position_of = [this](std::uint64_t event) {
      const auto found = std::lower_bound(
          script_.entries.begin() + static_cast<std::ptrdiff_t>(script_.counts.seeded_blocks),
          script_.entries.end(), event,
          [](const ScriptEntry &entry, std::uint64_t index) { return entry.event < index; });
      return static_cast<std::uint64_t>(found - script_.entries.begin());
   };
   for (std::uint64_t event = sample_every_; event < events_.size(); event += sample_every_)
      points.push_back({event, position_of(event)});
   if (points.back().event_index != events_.size())
      points.push_back({events_.size(), script_.entries.size()});
   return points;
}

void Replay::report(results::RunCounts &counts) const {
   std::uint64_t frees = 0;
   std::uint64_t frees_of_failed_blocks = 0;
   for (const auto &lane : lanes_) {
      frees += lane->frees();
      frees_of_failed_blocks += lane->frees_of_failed_blocks();
   }
   const ScriptCounts &scripted = script_.counts;
   const auto add = [&](const char *name, double value) {
      counts.workload_figures.emplace_back(name, value);
   };
   add("trace_events", static_cast<double>(events_.size()));
   add("trace_allocs_replayed", static_cast<double>(scripted.allocs));
   add("trace_frees_replayed", static_cast<double>(frees));
   add("trace_seeded_blocks", static_cast<double>(scripted.seeded_blocks));
   add("trace_unseen_frees_skipped", static_cast<double>(scripted.unseen_frees));
   add("trace_stale_blocks_freed", static_cast<double>(scripted.stale_blocks));
   add("trace_split_frees", static_cast<double>(scripted.split_frees));
   add("trace_frees_of_failed_allocs", static_cast<double>(frees_of_failed_blocks));
   add("trace_kernel_failed_allocs", static_cast<double>(scripted.traced_failed_allocs));
   add("trace_kernel_extfrag_fallbacks", static_cast<double>(scripted.traced_extfrag));
   add("trace_lost_events", static_cast<double>(trace_.metadata.lost_events));
   add("trace_malformed_lines", static_cast<double>(trace_.metadata.malformed_lines));
   const auto &start = trace_.metadata.free_frames_start;
   add("trace_kernel_layout_known", start ? 1.0 : 0.0);
   if (start)
      counts.reference_timeline =
          traced_layout_timeline(*start, events_, sample_points(), max_order_);
}

} // namespace memfrag::workload::trace
