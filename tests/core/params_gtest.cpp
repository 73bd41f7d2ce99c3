#include "core/plugin/params.hpp"

#include <gtest/gtest.h>

namespace memfrag::plugin {
namespace {

std::vector<ParamSpec> buddy_like_schema() {
   ParamSpec max_order{"max_order", "highest order", "int", std::int64_t{10},
                       std::int64_t{0}, std::int64_t{20}, {}};
   ParamSpec ratio{"ratio", "a share", "float", 0.5, 0.0, 1.0, {}};
   ParamSpec verbose{"verbose", "log more", "bool", false, std::nullopt, std::nullopt, {}};
   ParamSpec fit{"fit", "placement", "string", std::string("first-fit"), std::nullopt,
                 std::nullopt, {"first-fit", "best-fit"}};
   return {max_order, ratio, verbose, fit};
}

ParamInput text(const std::string &name, const std::string &value) {
   return {name, value, true, "--set"};
}

std::string error_of(const std::vector<ParamInput> &inputs) {
   try {
      resolve_params("buddy", buddy_like_schema(), inputs);
   } catch (const std::invalid_argument &error) {
      return error.what();
   }
   return "";
}

TEST(Params, DefaultsWhenNothingIsSet) {
   auto values = resolve_params("buddy", buddy_like_schema(), {});
   ASSERT_EQ(values.size(), 4u);
   EXPECT_EQ(std::get<std::int64_t>(values[0]), 10);
   EXPECT_EQ(std::get<double>(values[1]), 0.5);
   EXPECT_EQ(std::get<bool>(values[2]), false);
   EXPECT_EQ(std::get<std::string>(values[3]), "first-fit");
}

TEST(Params, ParsesTextAgainstTheDeclaredType) {
   auto values = resolve_params(
      "buddy", buddy_like_schema(),
      {text("max_order", "11"), text("ratio", "0.25"), text("verbose", "true"),
       text("fit", "best-fit")});
   EXPECT_EQ(std::get<std::int64_t>(values[0]), 11);
   EXPECT_EQ(std::get<double>(values[1]), 0.25);
   EXPECT_EQ(std::get<bool>(values[2]), true);
   EXPECT_EQ(std::get<std::string>(values[3]), "best-fit");
}

TEST(Params, TypedInputsFromTomlAndIntegerWidening) {
   auto values = resolve_params("buddy", buddy_like_schema(),
                                {{"ratio", std::int64_t{1}, false, "w.toml:3:1"},
                                 {"max_order", std::int64_t{4}, false, "w.toml:4:1"}});
   EXPECT_EQ(std::get<double>(values[1]), 1.0);
   EXPECT_EQ(std::get<std::int64_t>(values[0]), 4);
}

TEST(Params, LaterSettingsWin) {
   auto values = resolve_params("buddy", buddy_like_schema(),
                                {text("max_order", "3"), text("max_order", "5")});
   EXPECT_EQ(std::get<std::int64_t>(values[0]), 5);
}

TEST(Params, UnknownNameSuggestsTheNearest) {
   EXPECT_EQ(error_of({text("max_ordr", "3")}),
             "--set: buddy.max_ordr: allocator 'buddy' has no such parameter (did you mean "
             "'max_order'?)");
}

TEST(Params, OutOfRangeAndMistypedValuesSayWhatWasExpected) {
   EXPECT_EQ(error_of({text("max_order", "21")}),
             "--set: buddy.max_order: expected an integer in 0..20, got '21'");
   EXPECT_EQ(error_of({text("max_order", "ten")}),
             "--set: buddy.max_order: expected an integer in 0..20, got 'ten'");
   EXPECT_EQ(error_of({text("verbose", "yes")}),
             "--set: buddy.verbose: expected true or false, got 'yes'");
   EXPECT_EQ(error_of({text("fit", "worst-fit")}),
             "--set: buddy.fit: expected one of: first-fit, best-fit, got 'worst-fit'");
   EXPECT_EQ(error_of({{"max_order", 2.5, false, "w.toml:7:13"}}),
             "w.toml:7:13: buddy.max_order: expected an integer in 0..20, got 2.5");
   EXPECT_EQ(error_of({text("ratio", "nan")}),
             "--set: buddy.ratio: expected a number in 0..1, got 'nan'");
}

TEST(Params, AllocatorWithoutParametersSaysSo) {
   try {
      resolve_params("frame-stack", {}, {text("x", "1")});
      FAIL() << "expected an error";
   } catch (const std::invalid_argument &error) {
      EXPECT_EQ(std::string(error.what()),
                "--set: frame-stack.x: allocator 'frame-stack' has no such parameter; it "
                "declares no parameters");
   }
}

} // namespace
} // namespace memfrag::plugin
