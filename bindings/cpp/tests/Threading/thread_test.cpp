// veloz::this_thread and the CPU lists through libveloz.so: affinity read, pin (on threads of the test's own),
// scoped_pin restoring the previous set, refusals that throw veloz::error and change nothing.
#include <veloz.hpp>

#include <gtest/gtest.h>

#include <sched.h>

#include <algorithm>
#include <string>
#include <thread>
#include <vector>

namespace {

std::vector<int> os_affinity() {
    cpu_set_t set;
    CPU_ZERO(&set);
    sched_getaffinity(0, sizeof set, &set);
    std::vector<int> cpus;
    for (int cpu = 0; cpu < CPU_SETSIZE; ++cpu)
        if (CPU_ISSET(cpu, &set))
            cpus.push_back(cpu);
    return cpus;
}

template <class F>
void on_thread(F&& body) {
    std::thread thread(std::forward<F>(body));
    thread.join();
}

TEST(ThisThread, AffinityAndCountAgreeWithTheOs) {
    const std::vector<int> allowed = veloz::this_thread::affinity();
    EXPECT_EQ(allowed, os_affinity());
    EXPECT_GE(veloz::cpu_count(), static_cast<int>(allowed.size()));
    EXPECT_NE(std::find(allowed.begin(), allowed.end(), veloz::this_thread::current_cpu()), allowed.end());
    for (int cpu : veloz::isolated_cpus())
        EXPECT_LT(cpu, veloz::cpu_count());
    for (int cpu : veloz::nohz_full_cpus())
        EXPECT_LT(cpu, veloz::cpu_count());
}

TEST(ThisThread, PinKeepsTheThreadOnItsCpuAndScopedPinRestores) {
    const std::vector<int> allowed = veloz::this_thread::affinity();
    for (int cpu : allowed)
        on_thread([&] {
            {
                veloz::this_thread::scoped_pin pinned(cpu);
                EXPECT_EQ(veloz::this_thread::affinity(), std::vector<int>{cpu});
                EXPECT_EQ(os_affinity(), std::vector<int>{cpu});
                for (int i = 0; i < 200; ++i)
                    EXPECT_EQ(veloz::this_thread::current_cpu(), cpu);
            }
            EXPECT_EQ(veloz::this_thread::affinity(), allowed);
            veloz::this_thread::pin(cpu);
            EXPECT_EQ(os_affinity(), std::vector<int>{cpu});
            veloz::this_thread::set_affinity(allowed);
            EXPECT_EQ(os_affinity(), allowed);
        });
    EXPECT_EQ(veloz::this_thread::affinity(), allowed) << "the test's own thread was never touched";
}

TEST(ThisThread, BadCpusThrowAndChangeNothing) {
    on_thread([] {
        const std::vector<int> before = veloz::this_thread::affinity();
        for (int cpu : {-1, veloz::cpu_count() + 64, 4096}) {
            try {
                veloz::this_thread::pin(cpu);
                ADD_FAILURE() << "pin(" << cpu << ") did not throw";
            } catch (const veloz::error& e) {
                EXPECT_EQ(e.status(), VELOZ_E_INVALID_ARGUMENT);
                EXPECT_NE(std::string(e.what()).find("does not exist"), std::string::npos) << e.what();
            }
        }
        EXPECT_THROW(veloz::this_thread::set_affinity({}), veloz::error);
        EXPECT_THROW(veloz::this_thread::set_affinity({0, veloz::cpu_count() + 1}), veloz::error);
        EXPECT_EQ(veloz::this_thread::affinity(), before);
    });
}

} // namespace
