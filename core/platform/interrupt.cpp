#include "core/platform/interrupt.hpp"

#include <signal.h>

#include <atomic>

namespace memfrag::platform {
namespace {

std::atomic<bool> requested{false};

void note_request(int) { requested.store(true); }

} // namespace

void install_interrupt_handlers() {
   struct sigaction action {};
   action.sa_handler = note_request;
   sigemptyset(&action.sa_mask);
   sigaction(SIGINT, &action, nullptr);
   sigaction(SIGTERM, &action, nullptr);
}

bool interrupt_requested() { return requested.load(); }

void request_interrupt() { requested.store(true); }

void clear_interrupt_request() { requested.store(false); }

} // namespace memfrag::platform
