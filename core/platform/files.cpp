#include "core/platform/files.hpp"

#include <atomic>
#include <cerrno>
#include <fcntl.h>
#include <string>
#include <system_error>
#include <unistd.h>

namespace memfrag::platform {
namespace {

[[noreturn]] void fail(const std::string &what, const std::filesystem::path &path) {
   throw std::system_error(errno, std::generic_category(), what + " " + path.string());
}

// Closes the descriptor and removes the temporary file unless the rename happened.
class TemporaryFile {
 public:
   explicit TemporaryFile(const std::filesystem::path &target) {
      static std::atomic<unsigned> counter{0};
      for (int attempt = 0; attempt < 100 && fd_ < 0; ++attempt) {
         path_ = target;
         path_.replace_filename("." + target.filename().string() + ".tmp." +
                                std::to_string(::getpid()) + "." + std::to_string(counter++));
         fd_ = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
         if (fd_ < 0 && errno != EEXIST)
            break;
      }
      if (fd_ < 0)
         fail("cannot create a temporary file for", target);
   }
   TemporaryFile(const TemporaryFile &) = delete;
   TemporaryFile &operator=(const TemporaryFile &) = delete;
   ~TemporaryFile() {
      if (fd_ >= 0)
         ::close(fd_);
      if (!renamed_)
         ::unlink(path_.c_str());
   }

   void write_all(std::string_view bytes) {
      while (!bytes.empty()) {
         const ssize_t written = ::write(fd_, bytes.data(), bytes.size());
         if (written < 0 && errno == EINTR)
            continue;
         if (written < 0)
            fail("cannot write", path_);
         bytes.remove_prefix(static_cast<std::size_t>(written));
      }
   }

   void sync_and_close() {
      if (::fsync(fd_) != 0)
         fail("cannot flush", path_);
      const int fd = fd_;
      fd_ = -1;
      if (::close(fd) != 0)
         fail("cannot close", path_);
   }

   void rename_to(const std::filesystem::path &target) {
      if (::rename(path_.c_str(), target.c_str()) != 0)
         fail("cannot rename " + path_.string() + " to", target);
      renamed_ = true;
   }

 private:
   std::filesystem::path path_;
   int fd_ = -1;
   bool renamed_ = false;
};

// Makes the rename itself durable. Best effort: some file systems refuse fsync on directories,
// and the data is already safely in place by then.
void sync_directory(const std::filesystem::path &directory) {
   const int fd = ::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
   if (fd < 0)
      return;
   ::fsync(fd);
   ::close(fd);
}

} // namespace

void write_file_atomically(const std::filesystem::path &path, std::string_view bytes) {
   const std::filesystem::path target = path.has_parent_path() ? path : "." / path;
   TemporaryFile temporary(target);
   temporary.write_all(bytes);
   temporary.sync_and_close();
   temporary.rename_to(target);
   sync_directory(target.parent_path());
}

} // namespace memfrag::platform
