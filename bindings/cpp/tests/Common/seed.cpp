#include "Common/seed.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <iostream>
#include <random>
#include <string>

namespace veloz_tests {

std::uint64_t seed_for_this_test() {
    std::uint64_t seed = 0;
    const char* fixed = std::getenv("VELOZ_TEST_SEED");
    if (fixed != nullptr && *fixed != '\0') {
        seed = std::stoull(fixed);
    } else {
        std::random_device entropy;
        seed = (static_cast<std::uint64_t>(entropy()) << 32) | entropy();
    }
    const ::testing::TestInfo* test = ::testing::UnitTest::GetInstance()->current_test_info();
    std::cout << "[ seed     ] " << (test != nullptr ? test->name() : "?") << ": VELOZ_TEST_SEED=" << seed << std::endl;
    ::testing::Test::RecordProperty("seed", std::to_string(seed));
    return seed;
}

} // namespace veloz_tests
