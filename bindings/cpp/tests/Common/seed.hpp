// The seed of the randomized tests: $VELOZ_TEST_SEED when set (to replay a failure), else fresh each run.
#ifndef VELOZ_TESTS_SEED_HPP
#define VELOZ_TESTS_SEED_HPP

#include <cstdint>

namespace veloz_tests {

/// The seed for one randomized test; prints it (with the test's name) so a failure can be replayed
/// with VELOZ_TEST_SEED=<seed>.
std::uint64_t seed_for_this_test();

} // namespace veloz_tests

#endif
