#include "core/platform/files.hpp"

#include <fstream>
#include <gtest/gtest.h>
#include <sstream>
#include <system_error>
#include <unistd.h>

namespace memfrag::platform {
namespace {

namespace fs = std::filesystem;

class AtomicWrite : public ::testing::Test {
 protected:
   void SetUp() override {
      directory_ = fs::temp_directory_path() /
                   ("memfrag-files-" + std::to_string(::getpid()) + "-" +
                    ::testing::UnitTest::GetInstance()->current_test_info()->name());
      fs::remove_all(directory_);
      fs::create_directories(directory_);
   }
   void TearDown() override { fs::remove_all(directory_); }

   static std::string read(const fs::path &path) {
      std::ifstream in(path, std::ios::binary);
      std::ostringstream text;
      text << in.rdbuf();
      return text.str();
   }
   std::size_t entries() const {
      return static_cast<std::size_t>(
          std::distance(fs::directory_iterator(directory_), fs::directory_iterator()));
   }

   fs::path directory_;
};

TEST_F(AtomicWrite, CreatesAndReplacesWithoutLeavingTemporaries) {
   const fs::path target = directory_ / "results.json";
   write_file_atomically(target, "first");
   EXPECT_EQ(read(target), "first");
   write_file_atomically(target, std::string(100000, 'x'));
   EXPECT_EQ(read(target), std::string(100000, 'x'));
   EXPECT_EQ(entries(), 1u);
}

TEST_F(AtomicWrite, MissingDirectoryThrows) {
   EXPECT_THROW(write_file_atomically(directory_ / "no-such-dir" / "results.json", "data"),
                std::system_error);
   EXPECT_EQ(entries(), 0u);
}

// The rename fails after the temporary file was written (a directory is in the way): the
// temporary is removed and what was at the path is untouched.
TEST_F(AtomicWrite, FailedRenameLeavesNoTemporary) {
   const fs::path in_the_way = directory_ / "results.json";
   fs::create_directory(in_the_way);
   EXPECT_THROW(write_file_atomically(in_the_way, "lost"), std::system_error);
   EXPECT_TRUE(fs::is_directory(in_the_way));
   EXPECT_EQ(entries(), 1u);
}

} // namespace
} // namespace memfrag::platform
