// veloz_book_bench: the VeloZ order book called from C++ against the straightforward C++ book a developer
// would otherwise write (bench/map_book.hpp: std::map of levels, std::list per level, std::unordered_map of
// ids), in the same binary and run, with the ratios printed at the end.
//
// Flows (pre-generated, fixed seeds; the tests check that VeloZ and the peer end in the same state):
//   lobster:  the whole LOBSTER AMZN 2012-06-21 message file (57,515 messages) replayed into a mirror
//             book: add / reduce / delete / execute. $VELOZ_DATA or the repository's data/.
//   matching: the exchange-core-like flow of bench/matching_flow.hpp (9% GTC, 3% IOC, 6% cancel, 82%
//             modify, ~1,000 live orders over 750 ticks) into a matching book.
// Contenders per flow:
//   veloz_batch       veloz::book::apply, 4,096 commands per call, every event copied out (64 bytes each)
//   veloz_batch_nolvl the same with VELOZ_BOOK_CONFIG_NO_LEVEL_EVENTS (no L2 events)
//   veloz_per_call    one C call per command (veloz_book_submit / reduce / cancel / execute / modify),
//                     events drained every 64 commands
//   veloz_apply_one   (LOBSTER) one veloz_book_apply call per command, events straight into the caller's buffer
//   map_book          the peer, one call per command; it emits no event records, only counts trades
//   array_book        (LOBSTER) the second peer, bench/array_book.hpp: VeloZ's design written by hand in C++ for
//                     one known price band, mirror mode only, writing VeloZ's exact event records into the same
//                     buffer in the same 4,096-command rounds, with the same id-table prefetch: how far VeloZ is
//                     from what its design can do
// Each iteration replays the whole flow into one long-lived book brought back to the flow's starting state
// outside the timed region (see reset()). Items are commands; rates and ratios use CPU time.
#include <veloz.hpp>

#include "array_book.hpp"
#include "map_book.hpp"
#include "matching_flow.hpp"
#include "ratio_reporter.hpp"

#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#ifndef VELOZ_REPO_ROOT
#error "VELOZ_REPO_ROOT must name the repository root (bench/CMakeLists.txt defines it)"
#endif

namespace {

constexpr std::size_t batch_commands = 4'096;
constexpr std::size_t event_capacity = 65'536; // far more than 4,096 commands produce in these flows
constexpr std::size_t per_call_drain_every = 64;
constexpr std::size_t matching_flow_commands = 500'000;

std::string lobster_path() {
    const std::string name = "AMZN_2012-06-21_34200000_57600000_message_1.csv";
    const char* data = std::getenv("VELOZ_DATA");
    return (data != nullptr && *data != '\0' ? std::string(data) : std::string(VELOZ_REPO_ROOT) + "/data") + "/" + name;
}

// The golden-file mapping: 1 add, 2 reduce, 3 delete, 4 execute; 5, 6, 7 change nothing visible.
const std::vector<veloz_book_command>& lobster_commands() {
    static const std::vector<veloz_book_command> commands = [] {
        std::vector<veloz_book_command> out;
        std::ifstream file(lobster_path());
        if (!file) {
            std::fprintf(stderr, "veloz_book_bench: cannot open %s (the repository's data/ folder; VELOZ_DATA names another)\n", lobster_path().c_str());
            std::exit(1);
        }
        std::string line;
        while (std::getline(file, line)) {
            double time = 0;
            int type = 0, direction = 0;
            long long id = 0, size = 0, price = 0;
            if (std::sscanf(line.c_str(), "%lf,%d,%lld,%lld,%lld,%d", &time, &type, &id, &size, &price, &direction) != 6)
                continue;
            switch (type) {
            case 1: out.push_back(veloz::cmd::add(id, direction == 1 ? VELOZ_SIDE_BUY : VELOZ_SIDE_SELL, price, size)); break;
            case 2: out.push_back(veloz::cmd::reduce(id, size)); break;
            case 3: out.push_back(veloz::cmd::delete_order(id)); break;
            case 4: out.push_back(veloz::cmd::execute(id, size)); break;
            default: break;
            }
        }
        return out;
    }();
    return commands;
}

const flow::matching_flow& matching() {
    static const flow::matching_flow f = flow::make_matching_flow(matching_flow_commands);
    return f;
}

struct flow_setup {
    veloz_book_mode mode;
    const std::vector<veloz_book_command>* setup; // applied before timing starts (may be empty)
    const std::vector<veloz_book_command>* commands;
    const std::vector<std::int64_t>* ids;         // every id the flow enters: cancelling them all empties a book
};

std::vector<std::int64_t> entered_ids(const std::vector<veloz_book_command>& setup, const std::vector<veloz_book_command>& commands) {
    std::vector<std::int64_t> ids;
    for (const std::vector<veloz_book_command>* list : {&setup, &commands})
        for (const veloz_book_command& c : *list)
            if (c.type == VELOZ_BOOK_COMMAND_ADD || c.type == VELOZ_BOOK_COMMAND_SUBMIT)
                ids.push_back(c.order_id);
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    return ids;
}

flow_setup lobster_flow() {
    static const std::vector<veloz_book_command> none;
    static const std::vector<std::int64_t> ids = entered_ids(none, lobster_commands());
    return flow_setup{VELOZ_BOOK_MODE_MIRROR, &none, &lobster_commands(), &ids};
}

flow_setup matching_flow() {
    static const std::vector<std::int64_t> ids = entered_ids(matching().setup, matching().commands);
    return flow_setup{VELOZ_BOOK_MODE_MATCHING, &matching().setup, &matching().commands, &ids};
}

veloz::book make_book(const flow_setup& flow, bool level_events) {
    veloz::book_config config;
    config.mode = flow.mode;
    config.level_events = level_events;
    return veloz::book(config);
}

// Brings a book back to the flow's starting state, outside the timed region: cancels every order the
// last replay left, drops the events, and applies the setup. Reusing one book (rather than creating one
// per iteration) measures the warm steady state a book lives in, without first-touch page faults or the
// runtime collecting the previous book's arrays; the peer is reset the same way.
void reset(veloz::book& book, const flow_setup& flow) {
    for (std::int64_t id : *flow.ids)
        (void)book.try_cancel(id);
    std::vector<veloz_book_event> scratch;
    book.drain_all(scratch);
    book.apply_all(*flow.setup, scratch);
}

void reset(peer::map_book& book, const flow_setup& flow) {
    for (std::int64_t id : *flow.ids)
        (void)book.remove(id);
    for (const veloz_book_command& c : *flow.setup)
        flow::apply(book, c);
}

void count_commands(benchmark::State& state, std::size_t commands) {
    state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(commands));
}

// ---- VeloZ, batched --------------------------------------------------------------------------------------------

void veloz_batched(benchmark::State& state, const flow_setup& flow, bool level_events) {
    const std::vector<veloz_book_command>& commands = *flow.commands;
    veloz::book book = make_book(flow, level_events);
    std::vector<veloz_book_event> events(event_capacity);
    std::int64_t total_events = 0;
    for (auto _ : state) {
        state.PauseTiming();
        reset(book, flow);
        state.ResumeTiming();
        std::size_t position = 0;
        while (position < commands.size()) {
            const std::size_t chunk = std::min(batch_commands, commands.size() - position);
            const veloz::apply_result result =
                book.apply(veloz::span<const veloz_book_command>(commands.data() + position, chunk), veloz::span<veloz_book_event>(events));
            position += result.consumed;
            total_events += static_cast<std::int64_t>(result.written);
            benchmark::DoNotOptimize(events.data());
        }
        while (const std::size_t written = book.drain(veloz::span<veloz_book_event>(events)))
            total_events += static_cast<std::int64_t>(written);
    }
    count_commands(state, commands.size());
    state.counters["events/cmd"] = static_cast<double>(total_events) / static_cast<double>(state.iterations() * commands.size());
}

// ---- VeloZ, one C call per command ------------------------------------------------------------------------------

void veloz_per_call(benchmark::State& state, const flow_setup& flow) {
    const std::vector<veloz_book_command>& commands = *flow.commands;
    veloz::book book = make_book(flow, true);
    veloz_book* const handle = book.native_handle();
    std::vector<veloz_book_event> events(event_capacity);
    std::int64_t rejects = 0;
    for (auto _ : state) {
        state.PauseTiming();
        reset(book, flow);
        state.ResumeTiming();
        std::size_t since_drain = 0;
        for (const veloz_book_command& c : commands) {
            rejects += flow::apply(handle, c) != VELOZ_OK ? 1 : 0;
            if (++since_drain == per_call_drain_every) {
                since_drain = 0;
                (void)flow::drain(handle, events);
                benchmark::DoNotOptimize(events.data());
            }
        }
        (void)flow::drain(handle, events);
    }
    count_commands(state, commands.size());
    state.counters["rejects/it"] = static_cast<double>(rejects) / static_cast<double>(state.iterations());
}

// One veloz_book_apply call per command, its events written straight into the caller's buffer (no queue,
// no drain copy); the buffer is reused every per_call_drain_every commands, as a loop would after reading.
void veloz_apply_one(benchmark::State& state, const flow_setup& flow) {
    const std::vector<veloz_book_command>& commands = *flow.commands;
    veloz::book book = make_book(flow, true);
    veloz_book* const handle = book.native_handle();
    std::vector<veloz_book_event> events(event_capacity);
    for (auto _ : state) {
        state.PauseTiming();
        reset(book, flow);
        state.ResumeTiming();
        std::size_t since_drain = 0;
        std::int32_t filled = 0;
        for (const veloz_book_command& c : commands) {
            std::int32_t consumed = 0, written = 0;
            veloz_book_apply(handle, &c, 1, &consumed, events.data() + filled, static_cast<std::int32_t>(events.size()) - filled, &written);
            filled += written;
            if (++since_drain == per_call_drain_every) {
                since_drain = 0;
                benchmark::DoNotOptimize(events.data());
                filled = 0;
            }
        }
    }
    count_commands(state, commands.size());
}

// ---- the peer --------------------------------------------------------------------------------------------------

void map_book_flow(benchmark::State& state, const flow_setup& flow) {
    const std::vector<veloz_book_command>& commands = *flow.commands;
    peer::map_book book;
    std::int64_t rejects = 0;
    for (auto _ : state) {
        state.PauseTiming();
        reset(book, flow);
        state.ResumeTiming();
        for (const veloz_book_command& c : commands)
            rejects += flow::apply(book, c) ? 0 : 1;
        benchmark::DoNotOptimize(book.trade_volume());
    }
    count_commands(state, commands.size());
    state.counters["rejects/it"] = static_cast<double>(rejects) / static_cast<double>(state.iterations());
}

// ---- the second peer: VeloZ's design in hand-written C++ (LOBSTER) ---------------------------------------------

void reset(peer::array_book& book, const flow_setup& flow, std::vector<veloz_book_event>& scratch) {
    veloz_book_command remove{};
    remove.type = VELOZ_BOOK_COMMAND_DELETE;
    for (std::int64_t id : *flow.ids) {
        remove.order_id = id;
        (void)book.apply(remove, scratch.data());
    }
}

void BM_lobster_array_book(benchmark::State& state) {
    const flow_setup flow = lobster_flow();
    const std::vector<veloz_book_command>& commands = *flow.commands;
    peer::array_book book = peer::array_book::for_adds_of(commands, 100); // LOBSTER prices: 1/10,000 dollars on a 1-cent grid
    std::vector<veloz_book_event> events(event_capacity);
    std::vector<veloz_book_event> scratch(peer::array_book::max_events_per_command);
    std::int64_t total_events = 0;
    constexpr std::size_t prefetch_distance = 8; // as VeloZ's batch loop
    for (auto _ : state) {
        state.PauseTiming();
        reset(book, flow, scratch);
        state.ResumeTiming();
        for (std::size_t position = 0; position < commands.size(); position += batch_commands) {
            const std::size_t end = std::min(commands.size(), position + batch_commands);
            std::size_t written = 0;
            for (std::size_t i = position; i < end; ++i) {
                if (i + prefetch_distance < commands.size())
                    book.prefetch(commands[i + prefetch_distance].order_id);
                written += book.apply(commands[i], events.data() + written);
            }
            total_events += static_cast<std::int64_t>(written);
            benchmark::DoNotOptimize(events.data());
        }
    }
    count_commands(state, commands.size());
    state.counters["events/cmd"] = static_cast<double>(total_events) / static_cast<double>(state.iterations() * commands.size());
}

// ---- the cost of a reject through a single call ------------------------------------------------------------

// A trading loop's cancel that lost the race with a fill: VELOZ_E_NOT_FOUND, a Rejected event and the
// thread's last-error message. The peer's answer is one failed hash lookup.
void BM_reject_veloz_try_cancel_unknown(benchmark::State& state) {
    veloz::book book;
    veloz_book_event events[64];
    std::int64_t id = 1;
    std::size_t since_drain = 0;
    for (auto _ : state) {
        benchmark::DoNotOptimize(book.try_cancel(id++));
        if (++since_drain == 64) {
            since_drain = 0;
            benchmark::DoNotOptimize(book.drain(events));
        }
    }
    count_commands(state, 1);
}

void BM_reject_map_book_remove_unknown(benchmark::State& state) {
    peer::map_book book;
    std::int64_t id = 1;
    for (auto _ : state)
        benchmark::DoNotOptimize(book.remove(id++));
    count_commands(state, 1);
}

void BM_lobster_veloz_batch(benchmark::State& state) { veloz_batched(state, lobster_flow(), true); }
void BM_lobster_veloz_batch_nolvl(benchmark::State& state) { veloz_batched(state, lobster_flow(), false); }
void BM_lobster_veloz_per_call(benchmark::State& state) { veloz_per_call(state, lobster_flow()); }
void BM_lobster_veloz_apply_one(benchmark::State& state) { veloz_apply_one(state, lobster_flow()); }
void BM_lobster_map_book(benchmark::State& state) { map_book_flow(state, lobster_flow()); }
void BM_matching_veloz_batch(benchmark::State& state) { veloz_batched(state, matching_flow(), true); }
void BM_matching_veloz_batch_nolvl(benchmark::State& state) { veloz_batched(state, matching_flow(), false); }
void BM_matching_veloz_per_call(benchmark::State& state) { veloz_per_call(state, matching_flow()); }
void BM_matching_map_book(benchmark::State& state) { map_book_flow(state, matching_flow()); }

BENCHMARK(BM_lobster_veloz_batch)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_lobster_veloz_batch_nolvl)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_lobster_veloz_per_call)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_lobster_veloz_apply_one)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_lobster_map_book)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_lobster_array_book)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_matching_veloz_batch)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_matching_veloz_batch_nolvl)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_matching_veloz_per_call)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_matching_map_book)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_reject_veloz_try_cancel_unknown);
BENCHMARK(BM_reject_map_book_remove_unknown);

// ---- the ratio table -----------------------------------------------------------------------------------------

// Prints the usual console table, then throughput and each VeloZ result as a ratio to the peer.
class book_reporter : public bench::ratio_reporter {
public:
    book_reporter() : ratio_reporter("items_per_second") {}

    void Finalize() override {
        ConsoleReporter::Finalize();
        std::printf("\nThroughput (commands per CPU second, same run)\n");
        for (const auto& [name, value] : values())
            std::printf("  %-34s %8.2f M/s  %7.1f ns/command\n", name.c_str(), value / 1e6, 1e9 / value);
        std::printf("\nRatios to the std::map book (> 1 means VeloZ is faster)\n");
        ratio("lobster batch", "BM_lobster_veloz_batch", "BM_lobster_map_book", 5.0);
        ratio("lobster batch, no level events", "BM_lobster_veloz_batch_nolvl", "BM_lobster_map_book", 0.0);
        ratio("lobster one call per command", "BM_lobster_veloz_per_call", "BM_lobster_map_book", 0.0);
        ratio("lobster one apply call per command", "BM_lobster_veloz_apply_one", "BM_lobster_map_book", 0.0);
        ratio("matching batch", "BM_matching_veloz_batch", "BM_matching_map_book", 5.0);
        ratio("matching batch, no level events", "BM_matching_veloz_batch_nolvl", "BM_matching_map_book", 0.0);
        ratio("matching one call per command", "BM_matching_veloz_per_call", "BM_matching_map_book", 0.0);
        ratio("rejected cancel, one call", "BM_reject_veloz_try_cancel_unknown", "BM_reject_map_book_remove_unknown", 0.0);
        std::printf("\nRatios to the array book, VeloZ's design in hand-written C++ (< 1 means the array book is faster)\n");
        ratio("lobster batch", "BM_lobster_veloz_batch", "BM_lobster_array_book", 0.0, "array_book");
        ratio("map book (lobster)", "BM_lobster_map_book", "BM_lobster_array_book", 0.0, "array_book");
        if (const double* matching_batch = value("BM_matching_veloz_batch"))
            std::printf("\nMatching flow, batched, with every event: %.2f M ops/s on one core   target >= 10 M ops/s: %s\n",
                        *matching_batch / 1e6, *matching_batch >= 10e6 ? "met" : "NOT MET");
        std::fflush(stdout);
    }

private:
    void ratio(const char* label, const char* name, const char* peer, double target, const char* peer_label = "map_book") {
        const double* mine = value(name);
        const double* theirs = value(peer);
        if (mine == nullptr || theirs == nullptr)
            return; // filtered out with --benchmark_filter
        const double ratio = *mine / *theirs;
        std::printf("  %-34s %8.2f M/s / %-10s %8.2f M/s = %6.2fx", label, *mine / 1e6, peer_label, *theirs / 1e6, ratio);
        if (target > 0.0)
            std::printf("   target >= %.0fx: %s", target, ratio >= target ? "met" : "NOT MET");
        std::printf("\n");
    }
};

} // namespace

int main(int argc, char** argv) {
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv))
        return 1;
    try {
        veloz::check_version();
        const flow::matching_flow& f = matching();
        std::printf("libveloz %u.%u.%u; lobster: %zu commands from %s\n", veloz::library_version().major, veloz::library_version().minor,
                    veloz::library_version().patch, lobster_commands().size(), lobster_path().c_str());
        std::printf("matching flow: %zu commands (gtc %zu, ioc %zu, cancel %zu, modify %zu), live orders %zu..%zu\n", f.commands.size(),
                    f.gtc, f.ioc, f.cancel, f.modify, f.min_live, f.max_live);
    } catch (const veloz::error& e) {
        std::fprintf(stderr, "veloz_book_bench: %s\n", e.what());
        return 1;
    }
    book_reporter reporter;
    benchmark::RunSpecifiedBenchmarks(&reporter);
    benchmark::Shutdown();
    return 0;
}
