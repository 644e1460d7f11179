// load_average.hpp: the machine's load, printed beside every benchmark's results.
#ifndef VELOZ_BENCH_LOAD_AVERAGE_HPP
#define VELOZ_BENCH_LOAD_AVERAGE_HPP

#include <cstdio>
#include <string>

namespace bench {

/// /proc/loadavg without its newline: printed with the results, since a shared machine's load moves them.
inline std::string load_average() {
    std::FILE* file = std::fopen("/proc/loadavg", "r");
    if (file == nullptr)
        return "?";
    char text[128] = {};
    const bool ok = std::fgets(text, sizeof text, file) != nullptr;
    std::fclose(file);
    std::string s = ok ? text : "?";
    while (!s.empty() && (s.back() == '\n' || s.back() == ' '))
        s.pop_back();
    return s;
}

} // namespace bench

#endif
