// Ctrl-C and termination requests: noted, so that long operations stop at a safe point and
// what completed is still written.
#pragma once

namespace memfrag::platform {

// Installs SIGINT and SIGTERM handlers that record the request instead of ending the process.
void install_interrupt_handlers();
bool interrupt_requested();

} // namespace memfrag::platform
