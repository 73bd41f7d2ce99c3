// Ctrl-C and termination requests: noted, so that long operations stop at a safe point and
// what completed is still written.
#pragma once

namespace memfrag::platform {

// Installs SIGINT and SIGTERM handlers that record the request instead of ending the process.
void install_interrupt_handlers();
bool interrupt_requested();

// For a front end that notices interrupts itself (the Python module, whose interpreter owns
// SIGINT): request the same stop as the handlers do, and forget it before the next session.
void request_interrupt();
void clear_interrupt_request();

} // namespace memfrag::platform
