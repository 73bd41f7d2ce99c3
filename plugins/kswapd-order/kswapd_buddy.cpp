#include "kswapd_buddy.hpp"

#include <stdexcept>

namespace memfrag::kswapd {
namespace {

uint64_t min_mark_of(const cpp::CreateContext &context) {
   const auto asked = static_cast<uint64_t>(context.config.params.integer("min_free_frames"));
   return asked != 0 ? asked : default_min_free_frames(context.config.region.frame_count);
}

uint32_t high_order_of(const cpp::CreateContext &context) {
   const auto order = static_cast<uint32_t>(context.config.params.integer("high_order"));
   if (order > static_cast<uint32_t>(context.config.params.integer("max_order"))) {
      throw std::invalid_argument("high_order is above max_order: no block of it can exist");
   }
   return order;
}

// The daemon's functions as the host calls them (background.h).
uint32_t period_ops(const memfrag_allocator_t *) noexcept {
   return 0; // kswapd sleeps until an allocation wakes it
}

bool run(const memfrag_allocator_t *allocator) noexcept {
   return cpp::allocator_of<KswapdBuddy>(allocator).run_daemon();
}

constexpr memfrag_ext_background_work_t kBackgroundWork{&period_ops, &run};

} // namespace

KswapdBuddy::KswapdBuddy(const cpp::CreateContext &context)
    : buddy_(context), world_(context.host), high_order_(high_order_of(context)),
      min_mark_(min_mark_of(context)), low_mark_(min_mark_ + min_mark_ / 4),
      high_mark_(min_mark_ + min_mark_ / 2),
      batch_(static_cast<uint64_t>(context.config.params.integer("reclaim_batch"))),
      wake_budget_(static_cast<uint64_t>(context.config.params.integer("wake_budget_frames"))) {
}

// The plain buddy's answer; the daemon is woken, as wakeup_kswapd() from the allocation
// slowpath, when a high-order request failed (a fresh high-order effort) or when what is left
// no longer meets the low watermark at the daemon's order.
uint64_t KswapdBuddy::alloc(uint32_t order, uint32_t flags, uint32_t cpu) noexcept {
   const uint64_t frame = buddy_.alloc(order, flags, cpu);
   if (frame == MEMFRAG_NO_FRAME && order > 0) {
      ++high_order_failures_;
      high_order_deferred_ = false;
      wake();
   } else if (!watermark_ok(buddy_, target_order(), low_mark_)) {
      wake();
   }
   return frame;
}

void KswapdBuddy::wake() noexcept {
   if (!awake_) {
      awake_ = true;
      reclaimed_this_wake_ = 0;
      ++wakeups_;
   }
   world_.wake_background();
}

// balance_pgdat() in small steps: reclaim a batch in LRU order until the high watermark holds
// at the target order. Consecutive free frames appear only by chance, so the high-order part is
// bounded by the wakeup's budget, after which the daemon settles for order 0 as kswapd does
// when a high-order balance fails.
bool KswapdBuddy::run_daemon() noexcept {
   ++passes_;
   if (!awake_) {
      return false;
   }
   if (watermark_ok(buddy_, target_order(), high_mark_)) {
      ++balanced_sleeps_;
      awake_ = false;
      return false;
   }
   const uint64_t freed = world_.reclaim(batch_);
   daemon_frames_ += freed;
   reclaimed_this_wake_ += freed;
   if (freed == 0) {
      awake_ = false; // nothing reclaimable is left; sleep until woken again
      return false;
   }
   if (!high_order_deferred_ && high_order_ > 0 && reclaimed_this_wake_ >= wake_budget_ &&
       !watermark_ok(buddy_, high_order_, high_mark_)) {
      high_order_deferred_ = true;
      ++give_ups_;
   }
   return true;
}

bool KswapdBuddy::validate(cpp::Diagnostic &diagnostic) const {
   if (!buddy_.validate(diagnostic)) {
      return false;
   }
   if (min_mark_ > low_mark_ || low_mark_ > high_mark_) {
      return diagnostic.fail("watermarks out of order: min %llu, low %llu, high %llu",
                             static_cast<unsigned long long>(min_mark_),
                             static_cast<unsigned long long>(low_mark_),
                             static_cast<unsigned long long>(high_mark_));
   }
   if (high_order_ >= buddy_.order_count()) {
      return diagnostic.fail("high_order %u is above the highest free list (%u)", high_order_,
                             buddy_.order_count() - 1);
   }
   if (reclaimed_this_wake_ > daemon_frames_ || (high_order_deferred_ && give_ups_ == 0)) {
      return diagnostic.fail("daemon counters disagree: %llu frames this wakeup of %llu, "
                             "high orders deferred after %llu give-ups",
                             static_cast<unsigned long long>(reclaimed_this_wake_),
                             static_cast<unsigned long long>(daemon_frames_),
                             static_cast<unsigned long long>(give_ups_));
   }
   return true;
}

double KswapdBuddy::stat_value(std::size_t index) const noexcept {
   const std::array<uint64_t, stat_names.size()> values{
       buddy_.free_frames(), wakeups_, passes_, daemon_frames_, balanced_sleeps_, give_ups_,
       high_order_failures_};
   return static_cast<double>(values[index]);
}

const void *KswapdBuddy::extension(std::string_view id) const noexcept {
   return id == MEMFRAG_EXT_BACKGROUND_WORK ? &kBackgroundWork : nullptr;
}

} // namespace memfrag::kswapd
