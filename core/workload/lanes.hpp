// Between one stream and lanes: a single driver seen as one lane, and one lane seen as a driver.
#pragma once

#include "core/workload/driver.hpp"

#include <memory>

namespace memfrag::workload {

// One driver as the only lane.
class SingleLane final : public Lanes {
 public:
   explicit SingleLane(std::unique_ptr<Driver> driver) : driver_(std::move(driver)) {}
   std::uint32_t count() const override { return 1; }
   Driver &lane(std::uint32_t /*index*/) override { return *driver_; }
   std::uint64_t expected_ops() const override { return driver_->expected_ops(); }
   void report(results::RunCounts &counts) const override { driver_->report(counts); }
   void report_timing(results::RunTiming &timing) const override {
      driver_->report_timing(timing);
   }

 private:
   std::unique_ptr<Driver> driver_;
};

// The only lane of `lanes` as a driver that also reports for the whole.
class LaneDriver final : public Driver {
 public:
   explicit LaneDriver(std::unique_ptr<Lanes> lanes) : lanes_(std::move(lanes)) {}
   bool next(Op &op) override { return lanes_->lane(0).next(op); }
   void allocated(const Op &op, BlockHandle block) override {
      lanes_->lane(0).allocated(op, block);
   }
   std::uint64_t expected_ops() const override { return lanes_->expected_ops(); }
   void report(results::RunCounts &counts) const override { lanes_->report(counts); }
   void report_timing(results::RunTiming &timing) const override {
      lanes_->report_timing(timing);
   }

 private:
   std::unique_ptr<Lanes> lanes_;
};

} // namespace memfrag::workload
