// A private tracing instance in tracefs for the duration of a capture. Everything it changes is
// put back when it is destroyed, also when unwinding from an error: tracefs is mounted only if it
// was not, the instance is removed, and every setting written is restored to its old value.
#pragma once

#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace memfrag::platform {

class TracefsError : public std::runtime_error {
 public:
   using std::runtime_error::runtime_error;
};

class TracefsSession {
 public:
   // Mounts tracefs if needed and creates the instance "memfrag-<pid>". Throws TracefsError.
   TracefsSession();
   TracefsSession(const TracefsSession &) = delete;
   TracefsSession &operator=(const TracefsSession &) = delete;
   ~TracefsSession();

   // Writes `value` to the instance file `name` ("buffer_size_kb", "events/kmem/.../enable"),
   // remembering the old value. Throws TracefsError.
   void set(const std::string &name, const std::string &value);
   std::string path(const std::string &name) const { return instance_ + "/" + name; }
   bool mounted_here() const { return mounted_here_; }

   // Where tracefs is mounted, or an empty string when it is not (no change made).
   static std::string find_mount();

 private:
   void restore() noexcept;

   std::string root_;
   std::string instance_;
   bool mounted_here_ = false;
   std::vector<std::pair<std::string, std::string>> changed_; // file, old value
};

} // namespace memfrag::platform
