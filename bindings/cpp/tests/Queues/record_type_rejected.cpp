// Compiled (never linked) by the veloz_queue_rejects_* tests with one VELOZ_CASE defined: each must fail to
// compile with the static_assert message of veloz::spsc_queue / mpmc_queue that the test looks for.
#include <veloz.hpp>

#include <cstdint>
#include <string>

#if VELOZ_CASE == 1
struct record { std::uint32_t too_small; }; // 4 bytes
using queue = veloz::spsc_queue<record>;
#elif VELOZ_CASE == 2
struct record { unsigned char bytes[1025]; }; // one byte over 1 KiB
using queue = veloz::mpmc_queue<record>;
#elif VELOZ_CASE == 3
struct record { std::string text; }; // not trivially copyable
using queue = veloz::spsc_queue<record>;
#endif

int main() {
    queue q(4);
    return static_cast<int>(q.capacity());
}
