// A test that runs the built memfrag binary (MEMFRAG_BINARY) in a directory of its own.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

#include "tests/support/memfrag_command.hpp"

namespace memfrag::test {

class CommandTest : public testing::Test {
 protected:
   void SetUp() override {
      dir_ = std::filesystem::path(testing::TempDir()) /
             ("memfrag-" + std::to_string(getpid()) + "-" +
              testing::UnitTest::GetInstance()->current_test_info()->name());
      std::filesystem::remove_all(dir_);
      std::filesystem::create_directories(dir_);
   }
   void TearDown() override { std::filesystem::remove_all(dir_); }

   CommandOutcome memfrag(const std::string &arguments) const {
      return run_in(dir_, MEMFRAG_BINARY, arguments);
   }
   nlohmann::json read_json(const std::string &name) const {
      return nlohmann::json::parse(slurp(dir_ / name));
   }

   std::filesystem::path dir_;
};

} // namespace memfrag::test
