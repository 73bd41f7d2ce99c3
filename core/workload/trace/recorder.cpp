#include "core/workload/trace/recorder.hpp"

#include "core/workload/trace/kpageflags.hpp"
#include "core/workload/trace/line_parser.hpp"
#include "core/workload/trace/mft_file.hpp"
#include "core/platform/tracefs.hpp"

#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <map>
#include <ostream>
#include <poll.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

namespace memfrag::workload::trace {

namespace {

constexpr const char *kEvents[] = {"mm_page_alloc", "mm_page_free", "mm_page_free_batched",
                                   "mm_page_alloc_extfrag"};
constexpr int kPollMs = 100;
constexpr std::size_t kReadSize = 1u << 20;

std::atomic<bool> stop_requested{false};

extern "C" void request_stop(int /*signal*/) {
   stop_requested.store(true);
}

// Installs the stop handler for SIGINT and SIGTERM, and puts the previous ones back on exit.
class StopSignals {
 public:
   StopSignals() {
      stop_requested.store(false);
      struct sigaction action {};
      action.sa_handler = request_stop;
      sigemptyset(&action.sa_mask);
      ::sigaction(SIGINT, &action, &old_interrupt_);
      ::sigaction(SIGTERM, &action, &old_terminate_);
   }
   StopSignals(const StopSignals &) = delete;
   StopSignals &operator=(const StopSignals &) = delete;
   ~StopSignals() {
      ::sigaction(SIGINT, &old_interrupt_, nullptr);
      ::sigaction(SIGTERM, &old_terminate_, nullptr);
   }

 private:
   struct sigaction old_interrupt_ {};
   struct sigaction old_terminate_ {};
};

std::string kernel_release() {
   struct utsname name {};
   return ::uname(&name) == 0 ? name.release : "";
}

class Command {
 public:
   explicit Command(const std::vector<std::string> &arguments) {
      if (arguments.empty())
         return;
      pid_ = ::fork();
      if (pid_ < 0)
         throw RecordError(std::string("cannot start the command: ") + std::strerror(errno));
      if (pid_ == 0)
         exec(arguments);
   }
   Command(const Command &) = delete;
   Command &operator=(const Command &) = delete;
   ~Command() {
      if (running()) {
         ::kill(pid_, SIGTERM);
         wait(0);
      }
   }

   bool running() const { return pid_ > 0 && !status_; }
   const std::optional<int> &status() const { return status_; }

   // Reaps the command if it has exited; `options` 0 waits for it.
   void wait(int options) {
      int status = 0;
      if (!running() || ::waitpid(pid_, &status, options) != pid_)
         return;
      status_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
   }

 private:
   [[noreturn]] static void exec(const std::vector<std::string> &arguments) {
      std::vector<char *> argv;
      for (const std::string &argument : arguments)
         argv.push_back(const_cast<char *>(argument.c_str()));
      argv.push_back(nullptr);
      ::execvp(argv[0], argv.data());
      std::fprintf(stderr, "memfrag trace record: cannot run %s: %s\n", argv[0],
                   std::strerror(errno));
      ::_exit(127);
   }

   pid_t pid_ = -1;
   std::optional<int> status_;
};

// Reads trace_pipe and writes the events it carries.
class PipeReader {
 public:
   PipeReader(const std::string &path, MftWriter &writer, MigratetypeNumbering numbering)
       : writer_(writer), numbering_(numbering), buffer_(kReadSize) {
      fd_ = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
      if (fd_ < 0)
         throw RecordError("cannot open " + path + ": " + std::strerror(errno));
   }
   PipeReader(const PipeReader &) = delete;
   PipeReader &operator=(const PipeReader &) = delete;
   ~PipeReader() { ::close(fd_); }

   // Waits up to kPollMs for data and consumes what is there; returns false when none came.
   bool pump() {
      pollfd ready{fd_, POLLIN, 0};
      if (::poll(&ready, 1, kPollMs) <= 0)
         return false;
      bool any = false;
      for (;;) {
         const ssize_t got = ::read(fd_, buffer_.data(), buffer_.size());
         if (got <= 0)
            return any;
         any = true;
         consume(std::string_view(buffer_.data(), static_cast<std::size_t>(got)));
      }
   }

   void note(TraceMetadata &metadata) const {
      metadata.lines_read = lines_;
      metadata.other_events = other_events_;
      metadata.lost_events = lost_events_;
      metadata.malformed_lines = malformed_;
      metadata.tasks = tasks_;
   }

 private:
   void consume(std::string_view bytes) {
      while (!bytes.empty()) {
         const std::size_t newline = bytes.find('\n');
         if (newline == std::string_view::npos) {
            partial_.append(bytes);
            return;
         }
         partial_.append(bytes.substr(0, newline));
         handle(partial_);
         partial_.clear();
         bytes.remove_prefix(newline + 1);
      }
   }

   void handle(std::string_view line) {
      ++lines_;
      const ParsedLine parsed = parse_trace_line(line, numbering_);
      switch (parsed.kind) {
      case LineKind::event:
         writer_.append(parsed.event);
         tasks_.try_emplace(parsed.event.pid, parsed.task);
         break;
      case LineKind::lost_events:
         lost_events_ += parsed.lost;
         break;
      case LineKind::malformed:
         ++malformed_;
         break;
      case LineKind::other_event:
         ++other_events_;
         break;
      case LineKind::comment:
         break;
      }
   }

   MftWriter &writer_;
   MigratetypeNumbering numbering_;
   int fd_ = -1;
   std::vector<char> buffer_;
   std::string partial_;
   std::uint64_t lines_ = 0;
   std::uint64_t other_events_ = 0;
   std::uint64_t lost_events_ = 0;
   std::uint64_t malformed_ = 0;
   std::map<std::uint32_t, std::string> tasks_;
};

struct Snapshot {
   std::optional<FreeFrameSet> free_frames;
   std::string buddyinfo;
};

Snapshot take_snapshot(const RecordOptions &options, std::ostream &log, RecordResult &result) {
   Snapshot snapshot;
   snapshot.buddyinfo = read_text_file(options.buddyinfo_path);
   try {
      snapshot.free_frames = read_kpageflags_free_frames(options.kpageflags_path);
   } catch (const std::exception &error) {
      result.warnings.push_back(std::string("no free-frame snapshot: ") + error.what());
      log << "warning: " << result.warnings.back() << '\n';
   }
   return snapshot;
}

void enable_events(platform::TracefsSession &tracefs, std::uint32_t buffer_kb) {
   tracefs.set("buffer_size_kb", std::to_string(buffer_kb));
   for (const char *event : kEvents)
      tracefs.set(std::string("events/kmem/") + event + "/enable", "1");
   tracefs.set("tracing_on", "1");
}

bool should_stop(const RecordOptions &options, Command &command,
                 std::chrono::steady_clock::time_point started) {
   if (stop_requested.load())
      return true;
   command.wait(WNOHANG);
   if (!options.command.empty() && !command.running())
      return true;
   return options.duration && std::chrono::steady_clock::now() - started >= *options.duration;
}

std::optional<BuddyinfoComparison> check(const Snapshot &snapshot) {
   if (!snapshot.free_frames || snapshot.buddyinfo.empty())
      return std::nullopt;
   return compare_with_buddyinfo(*snapshot.free_frames, snapshot.buddyinfo);
}

void capture(const RecordOptions &options, MftWriter &writer, TraceMetadata &metadata,
             RecordResult &result) {
   platform::TracefsSession tracefs;
   enable_events(tracefs, options.buffer_kb);
   PipeReader pipe(tracefs.path("trace_pipe"), writer, metadata.numbering);
   Command command(options.command);
   const auto started = std::chrono::steady_clock::now();
   while (!should_stop(options, command, started))
      pipe.pump();
   tracefs.set("tracing_on", "0");
   while (pipe.pump()) {
   }
   result.interrupted = stop_requested.load();
   command.wait(0);
   result.command_status = command.status();
   pipe.note(metadata);
}

} // namespace

RecordResult record_trace(const RecordOptions &options, std::ostream &log) {
   if (::geteuid() != 0)
      throw RecordError("trace record needs root: it uses tracefs and /proc/kpageflags");
   if (!options.duration && options.command.empty())
      throw RecordError("trace record needs --duration or a command after --");
   StopSignals signals;
   RecordResult result;
   TraceMetadata metadata;
   metadata.source = MftSource::recorded;
   metadata.kernel = kernel_release();
   metadata.numbering = numbering_for_kernel(metadata.kernel).value_or(kDefaultNumbering);
   MftWriter writer(options.output);
   log << "memfrag trace record: reading the free-frame snapshot\n";
   Snapshot start = take_snapshot(options, log, result);
   try {
      capture(options, writer, metadata, result);
   } catch (const platform::TracefsError &error) {
      throw RecordError(error.what());
   }
   Snapshot end = take_snapshot(options, log, result);
   result.start_check = check(start);
   result.end_check = check(end);
   metadata.free_frames_start = std::move(start.free_frames);
   metadata.free_frames_end = std::move(end.free_frames);
   metadata.buddyinfo_start = std::move(start.buddyinfo);
   metadata.buddyinfo_end = std::move(end.buddyinfo);
   result.events = writer.event_count();
   result.lost_events = metadata.lost_events;
   result.malformed_lines = metadata.malformed_lines;
   writer.finish(metadata);
   return result;
}

std::optional<std::chrono::milliseconds> parse_duration(const std::string &text) {
   std::size_t used = 0;
   double value = 0;
   try {
      value = std::stod(text, &used);
   } catch (const std::exception &) {
      return std::nullopt;
   }
   const std::string unit = text.substr(used);
   double scale = 0;
   if (unit.empty() || unit == "s")
      scale = 1000;
   else if (unit == "ms")
      scale = 1;
   else if (unit == "m" || unit == "min")
      scale = 60'000;
   else if (unit == "h")
      scale = 3'600'000;
   if (scale == 0 || value <= 0 || value * scale > 1e12)
      return std::nullopt;
   return std::chrono::milliseconds(static_cast<std::int64_t>(value * scale));
}

} // namespace memfrag::workload::trace
