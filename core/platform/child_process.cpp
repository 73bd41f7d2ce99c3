#include "core/platform/child_process.hpp"

#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fcntl.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <system_error>

#include "core/platform/interrupt.hpp"

namespace memfrag::platform {
namespace {

constexpr int kTickMilliseconds = 100;

void write_all(int fd, const std::string &bytes) {
   std::size_t written = 0;
   while (written < bytes.size()) {
      ssize_t n = write(fd, bytes.data() + written, bytes.size() - written);
      if (n < 0 && errno == EINTR) {
         continue;
      }
      if (n <= 0) {
         return;
      }
      written += static_cast<std::size_t>(n);
   }
}

[[noreturn]] void run_child(int write_fd, const std::function<std::string()> &body) {
   signal(SIGINT, SIG_DFL);
   signal(SIGTERM, SIG_DFL);
   int status = 0;
   std::string output;
   try {
      output = body();
   } catch (const std::exception &error) {
      output = error.what();
      status = 1;
   }
   write_all(write_fd, output);
   close(write_fd);
   _exit(status);
}

// Reads what is available; returns false at end of stream.
bool drain(int fd, std::string &output) {
   std::array<char, 1 << 16> chunk{};
   ssize_t n = read(fd, chunk.data(), chunk.size());
   if (n < 0) {
      return errno == EINTR || errno == EAGAIN;
   }
   output.append(chunk.data(), static_cast<std::size_t>(n));
   return n > 0;
}

ChildOutcome reap(pid_t pid, ChildOutcome outcome) {
   int status = 0;
   while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
   }
   if (outcome.end == ChildOutcome::End::exited) {
      // Ctrl-C reaches the whole process group: a child ended by it was interrupted, not broken.
      bool ended_by_interrupt = WIFSIGNALED(status) && interrupt_requested() &&
                                (WTERMSIG(status) == SIGINT || WTERMSIG(status) == SIGTERM);
      if (ended_by_interrupt) {
         outcome.end = ChildOutcome::End::interrupted;
      } else if (WIFSIGNALED(status)) {
         outcome.end = ChildOutcome::End::signaled;
         outcome.signal = WTERMSIG(status);
      } else {
         outcome.exit_code = WEXITSTATUS(status);
      }
   }
   return outcome;
}

} // namespace

ChildOutcome run_in_child(const std::function<std::string()> &body, const ChildLimits &limits) {
   std::array<int, 2> fds{};
   if (pipe2(fds.data(), O_CLOEXEC) != 0) {
      throw std::system_error(errno, std::generic_category(), "cannot create a pipe");
   }
   pid_t pid = fork();
   if (pid < 0) {
      int error = errno;
      close(fds[0]);
      close(fds[1]);
      throw std::system_error(error, std::generic_category(), "cannot fork");
   }
   if (pid == 0) {
      close(fds[0]);
      run_child(fds[1], body);
   }
   close(fds[1]);
   ChildOutcome outcome;
   auto deadline = std::chrono::steady_clock::now() + limits.time_limit;
   pollfd watched{fds[0], POLLIN, 0};
   bool open = true;
   while (open) {
      int ready = poll(&watched, 1, kTickMilliseconds);
      if (ready > 0) {
         open = drain(fds[0], outcome.output);
      }
      if (limits.on_tick) {
         limits.on_tick();
      }
      bool overtime = limits.time_limit.count() > 0 && std::chrono::steady_clock::now() > deadline;
      if (open && (overtime || interrupt_requested())) {
         outcome.end = overtime ? ChildOutcome::End::timed_out : ChildOutcome::End::interrupted;
         kill(pid, SIGKILL);
         open = false;
      }
   }
   close(fds[0]);
   return reap(pid, std::move(outcome));
}

std::string describe_signal(int signal_number) {
   const char *abbreviation = sigabbrev_np(signal_number);
   const char *description = sigdescr_np(signal_number);
   std::string text = abbreviation != nullptr ? std::string("SIG") + abbreviation
                                              : "signal " + std::to_string(signal_number);
   if (description != nullptr) {
      text += std::string(" (") + description + ")";
   }
   return text;
}

} // namespace memfrag::platform
