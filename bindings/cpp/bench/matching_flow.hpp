// The benchmark flows as pre-generated veloz_book_command arrays, and dispatchers that replay one command
// on VeloZ (one C call) or on the map_book peer, so every contender does exactly the same work.
//
// Matching flow, modelled on exchange-core's throughput test: about 9% GTC limit orders, 3% IOC, 6% cancel
// and 82% modify (a price move or a quantity change of a live order), over about 1,000 live orders on a
// band of 750 ticks around a fixed mid price. The generator runs the map_book as its model, so cancels
// and modifies name live orders (as a real client's would), modifies that move a price across the spread
// trade, and IOC sizes grow a little while more than 1,000 orders rest (that keeps the book near 1,000
// without changing the mix). Fixed seed: every run replays the same commands.
#ifndef VELOZ_BENCH_MATCHING_FLOW_HPP
#define VELOZ_BENCH_MATCHING_FLOW_HPP

#include "map_book.hpp"

#include <veloz.h>

#include <algorithm>
#include <cstdint>
#include <random>
#include <vector>

namespace flow {

struct matching_flow {
    /// Commands that build the starting book (1,000 resting GTC orders); not part of the measured flow.
    std::vector<veloz_book_command> setup;
    /// The measured commands.
    std::vector<veloz_book_command> commands;
    std::size_t gtc = 0, ioc = 0, cancel = 0, modify = 0;
    std::size_t min_live = 0, max_live = 0;
};

constexpr std::int64_t mid_price = 100'000;
constexpr std::int64_t half_band = 375; // 750 ticks in all

inline veloz_book_command submit_command(std::int64_t id, veloz_side side, std::int64_t price, std::int64_t quantity, bool ioc) {
    veloz_book_command c{};
    c.type = static_cast<std::uint8_t>(VELOZ_BOOK_COMMAND_SUBMIT);
    c.side = static_cast<std::uint8_t>(side);
    c.order_type = static_cast<std::uint8_t>(VELOZ_ORDER_TYPE_LIMIT);
    c.time_in_force = static_cast<std::uint8_t>(ioc ? VELOZ_TIME_IN_FORCE_IOC : VELOZ_TIME_IN_FORCE_GTC);
    c.order_id = id;
    c.price = price;
    c.quantity = quantity;
    return c;
}

/// Replays one command on the peer; returns false where VeloZ would reject it.
inline bool apply(peer::map_book& book, const veloz_book_command& c) {
    switch (c.type) {
    case VELOZ_BOOK_COMMAND_SUBMIT:
        return book.submit(c.order_id, c.side == VELOZ_SIDE_BUY ? peer::map_book::side::buy : peer::map_book::side::sell, c.price,
                           c.quantity, c.time_in_force != VELOZ_TIME_IN_FORCE_GTC);
    case VELOZ_BOOK_COMMAND_ADD:
        return book.add(c.order_id, c.side == VELOZ_SIDE_BUY ? peer::map_book::side::buy : peer::map_book::side::sell, c.price, c.quantity);
    case VELOZ_BOOK_COMMAND_CANCEL:
    case VELOZ_BOOK_COMMAND_DELETE:
        return book.remove(c.order_id);
    case VELOZ_BOOK_COMMAND_REDUCE:
        return book.reduce(c.order_id, c.quantity);
    case VELOZ_BOOK_COMMAND_EXECUTE:
        return book.execute(c.order_id, c.quantity);
    case VELOZ_BOOK_COMMAND_MODIFY:
        return book.modify(c.order_id, c.price, c.quantity);
    default:
        return false;
    }
}

/// Replays one command on VeloZ with the single-command C function of its type.
inline veloz_status apply(veloz_book* book, const veloz_book_command& c) {
    switch (c.type) {
    case VELOZ_BOOK_COMMAND_SUBMIT:
    case VELOZ_BOOK_COMMAND_ADD:
        return veloz_book_submit(book, &c);
    case VELOZ_BOOK_COMMAND_CANCEL:
    case VELOZ_BOOK_COMMAND_DELETE:
        return veloz_book_cancel(book, c.order_id);
    case VELOZ_BOOK_COMMAND_REDUCE:
        return veloz_book_reduce(book, c.order_id, c.quantity);
    case VELOZ_BOOK_COMMAND_EXECUTE:
        return veloz_book_execute(book, c.order_id, c.quantity);
    case VELOZ_BOOK_COMMAND_MODIFY:
        return veloz_book_modify(book, c.order_id, c.price, c.quantity);
    case VELOZ_BOOK_COMMAND_REPLACE:
        return veloz_book_replace(book, c.order_id, c.new_order_id, c.price, c.quantity);
    default:
        return VELOZ_E_INVALID_ARGUMENT;
    }
}

/// Drains every queued event of a book with the C call, as a trading loop does after its commands (the
/// buffer is reused); returns how many there were.
inline std::int64_t drain(veloz_book* book, std::vector<veloz_book_event>& events) {
    std::int64_t total = 0;
    std::int32_t written = 0;
    do {
        veloz_book_drain_events(book, events.data(), static_cast<std::int32_t>(events.size()), &written);
        total += written;
    } while (static_cast<std::size_t>(written) == events.size());
    return total;
}

/// `count` measured commands of the matching flow after a 1,000-order setup, from `seed`.
inline matching_flow make_matching_flow(std::size_t count, std::uint64_t seed = 20'120'621) {
    matching_flow flow;
    peer::map_book model;
    std::mt19937_64 random(seed);
    std::vector<std::int64_t> maybe_live; // ids that rested once; dead ones are dropped when picked
    std::int64_t next_id = 1;
    auto uniform = [&random](std::int64_t low, std::int64_t high) {
        return low + static_cast<std::int64_t>(random() % static_cast<std::uint64_t>(high - low + 1));
    };
    auto resting_price = [&](veloz_side side) {
        return side == VELOZ_SIDE_BUY ? mid_price - uniform(1, half_band) : mid_price + uniform(1, half_band);
    };
    auto emit = [&](std::vector<veloz_book_command>& out, const veloz_book_command& c) {
        apply(model, c);
        out.push_back(c);
    };
    // A live order id, or 0 when none rests.
    auto pick_live = [&]() -> std::int64_t {
        while (!maybe_live.empty()) {
            const std::size_t at = static_cast<std::size_t>(random() % maybe_live.size());
            const std::int64_t id = maybe_live[at];
            if (model.contains(id))
                return id;
            maybe_live[at] = maybe_live.back();
            maybe_live.pop_back();
        }
        return 0;
    };

    for (int i = 0; i < 1'000; ++i) {
        const veloz_side side = (i & 1) != 0 ? VELOZ_SIDE_BUY : VELOZ_SIDE_SELL;
        maybe_live.push_back(next_id);
        emit(flow.setup, submit_command(next_id++, side, resting_price(side), uniform(1, 100), false));
    }

    flow.commands.reserve(count);
    flow.min_live = flow.max_live = model.order_count();
    while (flow.commands.size() < count) {
        const std::int64_t roll = uniform(0, 99);
        const veloz_side side = (random() & 1) != 0 ? VELOZ_SIDE_BUY : VELOZ_SIDE_SELL;
        if (roll < 9) {
            maybe_live.push_back(next_id);
            emit(flow.commands, submit_command(next_id++, side, resting_price(side), uniform(1, 100), false));
            ++flow.gtc;
        } else if (roll < 12) {
            // Into the other side's best few ticks; bigger while more than 1,000 orders rest.
            const auto best = side == VELOZ_SIDE_BUY ? model.best_ask() : model.best_bid();
            const std::int64_t touch = best.second != 0 ? best.first : mid_price;
            const std::int64_t price = side == VELOZ_SIDE_BUY ? touch + uniform(0, 3) : touch - uniform(0, 3);
            const std::int64_t size = uniform(1, 100) * (model.order_count() > 1'000 ? 4 : 1);
            emit(flow.commands, submit_command(next_id++, side, price, size, true));
            ++flow.ioc;
        } else if (roll < 18) {
            const std::int64_t id = pick_live();
            if (id == 0)
                continue;
            veloz_book_command c{};
            c.type = static_cast<std::uint8_t>(VELOZ_BOOK_COMMAND_CANCEL);
            c.order_id = id;
            emit(flow.commands, c);
            ++flow.cancel;
        } else {
            const std::int64_t id = pick_live();
            if (id == 0)
                continue;
            veloz_book_command c{};
            c.type = static_cast<std::uint8_t>(VELOZ_BOOK_COMMAND_MODIFY);
            c.order_id = id;
            if ((random() & 1) != 0) {
                // A price move of a few ticks (may cross the spread and trade), same quantity.
                const peer::map_book::order_view o = model.view(id);
                std::int64_t move = uniform(-6, 6);
                if (move == 0)
                    move = 1;
                c.price = std::clamp(o.price + move, mid_price - half_band, mid_price + half_band);
                c.quantity = o.quantity;
            } else {
                // A new quantity at the same price: less keeps the place in the queue, more loses it.
                c.price = model.view(id).price;
                c.quantity = uniform(1, 100);
            }
            emit(flow.commands, c);
            ++flow.modify;
        }
        const std::size_t live = model.order_count();
        flow.min_live = std::min(flow.min_live, live);
        flow.max_live = std::max(flow.max_live, live);
    }
    return flow;
}

} // namespace flow

#endif
