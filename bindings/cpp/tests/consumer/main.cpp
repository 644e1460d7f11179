// The smallest useful VeloZ program; prints where libveloz.so was loaded from so the package test can
// check that it is the installed copy.
#include <veloz.hpp>

#include <dlfcn.h>

#include <cstdio>

int main() {
    try {
        veloz::check_version();
        veloz::histogram latencies;
        for (std::int64_t value = 1; value <= 1000; ++value)
            latencies.record(value);
        const std::int64_t median = latencies.value_at_percentile(50.0);
        const veloz::version_number version = veloz::library_version();

        Dl_info where{};
        if (dladdr(reinterpret_cast<void*>(&veloz_version), &where) == 0 || where.dli_fname == nullptr) {
            std::fprintf(stderr, "dladdr could not locate veloz_version\n");
            return 1;
        }
        std::printf("veloz %u.%u.%u\nlibrary: %s\nmedian of 1..1000: %lld\nnow_ns: %lld\n", version.major,
                    version.minor, version.patch, where.dli_fname, static_cast<long long>(median),
                    static_cast<long long>(veloz::clock::now_ns()));
        // HDR precision at 3 digits: the median 500 is reported as a value equivalent to 500.
        return (median >= 500 && median <= 501) ? 0 : 2;
    } catch (const veloz::error& e) {
        std::fprintf(stderr, "veloz error: %s\n", e.what());
        return 3;
    }
}
