#include "core/platform/tracefs.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

namespace memfrag::platform {

namespace {

constexpr long kTracefsMagic = 0x74726163;
constexpr const char *kTracefsPath = "/sys/kernel/tracing";
constexpr const char *kDebugfsTracingPath = "/sys/kernel/debug/tracing";

bool is_tracefs(const char *path) {
   struct statfs status {};
   return ::statfs(path, &status) == 0 && static_cast<long>(status.f_type) == kTracefsMagic;
}

std::string read_setting(const std::string &file) {
   std::ifstream stream(file);
   std::string value;
   std::getline(stream, value);
   return value;
}

// buffer_size_kb reads "7 (expanded: 1408)" before first use: the number is what to restore.
std::string restorable(const std::string &value) {
   const std::size_t space = value.find(' ');
   return space == std::string::npos ? value : value.substr(0, space);
}

bool write_setting(const std::string &file, const std::string &value) {
   std::ofstream stream(file);
   stream << value << '\n';
   stream.flush();
   return static_cast<bool>(stream);
}

} // namespace

std::string TracefsSession::find_mount() {
   if (is_tracefs(kTracefsPath))
      return kTracefsPath;
   if (is_tracefs(kDebugfsTracingPath))
      return kDebugfsTracingPath;
   return "";
}

TracefsSession::TracefsSession() {
   root_ = find_mount();
   if (root_.empty()) {
      if (::mount("nodev", kTracefsPath, "tracefs", 0, nullptr) != 0)
         throw TracefsError(std::string("cannot mount tracefs on ") + kTracefsPath + ": " +
                            std::strerror(errno));
      mounted_here_ = true;
      root_ = kTracefsPath;
   }
   instance_ = root_ + "/instances/memfrag-" + std::to_string(::getpid());
   if (::mkdir(instance_.c_str(), 0700) != 0) {
      const int error = errno;
      restore();
      throw TracefsError("cannot create the tracing instance " + instance_ + ": " +
                         std::strerror(error));
   }
}

TracefsSession::~TracefsSession() {
   restore();
}

void TracefsSession::set(const std::string &name, const std::string &value) {
   const std::string file = path(name);
   const std::string old = restorable(read_setting(file));
   if (!write_setting(file, value))
      throw TracefsError("cannot write " + value + " to " + file + ": " + std::strerror(errno));
   changed_.emplace_back(file, old);
}

void TracefsSession::restore() noexcept {
   for (auto entry = changed_.rbegin(); entry != changed_.rend(); ++entry)
      write_setting(entry->first, entry->second);
   changed_.clear();
   if (!instance_.empty())
      ::rmdir(instance_.c_str());
   instance_.clear();
   if (mounted_here_)
      ::umount(root_.c_str());
   mounted_here_ = false;
}

} // namespace memfrag::platform
