// The status a throwing veloz:: call ended with, for tests that check refusals.
#ifndef VELOZ_TESTS_STATUS_OF_HPP
#define VELOZ_TESTS_STATUS_OF_HPP

#include <veloz.hpp>

namespace veloz_tests {

/// The status a throwing call ended with (VELOZ_OK when it did not throw).
template <class Call>
veloz_status status_of(Call&& call) {
    try {
        call();
    } catch (const veloz::error& e) {
        return e.status();
    }
    return VELOZ_OK;
}

} // namespace veloz_tests

#endif
