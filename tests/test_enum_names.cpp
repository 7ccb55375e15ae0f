// One table per enum: names in both directions, and messages that list the choices.
#include <doctest/doctest.h>

#include "nnm/core/summary.hpp"

namespace nnm {
enum class Fruit { success, apple, pear };
constexpr auto enum_table(Fruit) {
  return make_enum_table<Fruit>(
      "fruit", {{Fruit::success, "ok"}, {Fruit::apple, "apple"}, {Fruit::pear, "pear"}});
}
enum class Mood { success, tired, broken };
constexpr auto enum_table(Mood) {
  return make_enum_table<Mood>(
      "mood", {{Mood::success, "fine"}, {Mood::tired, "tired"}, {Mood::broken, "broken"}});
}
constexpr bool status_usable(Mood mood) { return mood != Mood::broken; }
}  // namespace nnm

TEST_SUITE("enum_names") {
  TEST_CASE("names round-trip and unknown names list the choices") {
    using nnm::Fruit;
    static_assert(nnm::enum_name(Fruit::pear) == "pear");
    CHECK(nnm::parse_enum<Fruit>("apple") == Fruit::apple);
    CHECK(nnm::enum_choices<Fruit>() == "ok, apple, pear");
    CHECK_THROWS_WITH_AS(nnm::parse_enum<Fruit>("plum"),
                         "unknown fruit 'plum' (expected ok, apple, pear)", nnm::InputError);
  }
}

TEST_SUITE("summary") {
  TEST_CASE("usable is success unless the module says otherwise") {
    nnm::BasicSummary<nnm::Fruit> fruit;
    CHECK(fruit.usable());
    CHECK(fruit.status_name() == "ok");
    fruit.status = nnm::Fruit::apple;
    CHECK_FALSE(fruit.usable());
    nnm::BasicSummary<nnm::Mood> mood;
    mood.status = nnm::Mood::tired;
    CHECK(mood.usable());
    mood.status = nnm::Mood::broken;
    CHECK_FALSE(mood.usable());
  }
}
