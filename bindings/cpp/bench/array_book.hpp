// array_book: the second peer of the LOBSTER benchmark, a tuned C++ mirror book of VeloZ's own design, to show
// how far VeloZ is from what that design can do when written by hand in C++ for one known instrument:
//   - orders in one array of 48-byte nodes (int links, free list), an intrusive FIFO per level;
//   - an open-addressing id table of 8-byte entries (32-bit tag of the id's Fibonacci hash + slot), linear
//     probing, backward-shift deletion, the probe start prefetched by the caller a few commands ahead;
//   - levels directly indexed by tick over a price band fixed at construction (the day's band, known before
//     the replay), so finding a level is one subtraction, and the best moves by a scan over empty ticks;
//   - the same 64-byte veloz_book_event records VeloZ writes, in VeloZ's order with VeloZ's fields (the tests
//     compare the two event streams over the whole LOBSTER day, record for record).
// What it leaves out, and VeloZ does not: matching mode, prices outside the band (rejected), learning the tick
// grid, far levels, growing past the band, a snapshot for lock-free readers, a queue for events that do not
// fit, a C ABI and its checks. Mirror mode only: add, reduce, delete (and cancel), execute.
#ifndef VELOZ_BENCH_ARRAY_BOOK_HPP
#define VELOZ_BENCH_ARRAY_BOOK_HPP

#include <veloz.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <vector>

#include "state_hash.hpp"

namespace peer {

class array_book {
public:
    /// Most events one command writes (an execute that fills: Trade, OrderDone, LevelChanged).
    static constexpr std::size_t max_events_per_command = 3;

    /// A book for prices in [min_price, max_price] on a grid of `tick`.
    array_book(std::int64_t min_price, std::int64_t max_price, std::int64_t tick, std::size_t expected_orders = 65'536)
        : min_price_(min_price), tick_(tick) {
        if (tick <= 0 || max_price < min_price)
            throw std::invalid_argument("array_book: empty price band or tick <= 0");
        const std::size_t ticks = static_cast<std::size_t>((max_price - min_price) / tick) + 1;
        for (side_levels& s : sides_)
            s.levels.assign(ticks, level{});
        sides_[0].best = -1;                               // bids: highest occupied tick, -1 when none
        sides_[1].best = static_cast<std::int64_t>(ticks); // asks: lowest occupied tick, ticks when none
        orders_.resize(expected_orders + 1);
        std::size_t capacity = 16;
        while (capacity < expected_orders * 2)
            capacity *= 2;
        resize_table(capacity);
    }

    /// A book whose band spans the prices of the ADD commands in `commands` (at least one), on a grid of `tick`.
    template <class Commands>
    static array_book for_adds_of(const Commands& commands, std::int64_t tick) {
        std::int64_t low = std::numeric_limits<std::int64_t>::max();
        std::int64_t high = std::numeric_limits<std::int64_t>::min();
        for (const veloz_book_command& c : commands)
            if (c.type == VELOZ_BOOK_COMMAND_ADD) {
                low = std::min(low, c.price);
                high = std::max(high, c.price);
            }
        return array_book(low, high, tick);
    }

    /// Hints the CPU to fetch the id table line where `id`'s probe starts.
    void prefetch(std::int64_t id) const noexcept { __builtin_prefetch(&table_[tag_of(id) >> shift_]); }

    /// Applies one mirror-mode command and writes its events (at most max_events_per_command) to `out`.
    /// Returns how many it wrote.
    std::size_t apply(const veloz_book_command& c, veloz_book_event* out) {
        out_ = out;
        written_ = 0;
        ++sequence_;
        command_ = c.type;
        const std::uint8_t reason = dispatch(c);
        if (reason != VELOZ_BOOK_REJECT_NONE) {
            ++rejected_;
            emit(VELOZ_BOOK_EVENT_REJECTED, c.side, reason, 0, c.order_id, c.new_order_id, c.price, c.quantity, 0, 0);
        }
        return written_;
    }

    [[nodiscard]] std::size_t order_count() const noexcept { return count_; }
    [[nodiscard]] std::int64_t rejected_count() const noexcept { return rejected_; }
    [[nodiscard]] std::int64_t trade_count() const noexcept { return trade_count_; }
    [[nodiscard]] std::int64_t trade_volume() const noexcept { return trade_volume_; }

    /// The state hash veloz_book_hash defines (veloz.h; see state_hash.hpp).
    [[nodiscard]] std::uint64_t hash() const {
        state_hash h;
        auto level_hash = [&](int side_index, std::int64_t t) {
            const level& l = sides_[side_index].levels[static_cast<std::size_t>(t)];
            for (std::int32_t oi = l.head; oi != 0; oi = orders_[static_cast<std::size_t>(oi)].next) {
                const node& o = orders_[static_cast<std::size_t>(oi)];
                h.add(static_cast<std::uint64_t>(side_index + 1), o.price, o.id, o.remaining);
            }
        };
        const std::int64_t ticks = static_cast<std::int64_t>(sides_[0].levels.size());
        for (std::int64_t t = ticks - 1; t >= 0; --t)
            level_hash(0, t);
        for (std::int64_t t = 0; t < ticks; ++t)
            level_hash(1, t);
        return h.finish(count_);
    }

private:
    struct node {
        std::int64_t id;
        std::int64_t price;
        std::int64_t remaining;
        std::int32_t next;
        std::int32_t prev;
        std::uint8_t side; // VELOZ_SIDE_*
    };
    struct level {
        std::int64_t quantity = 0;
        std::int32_t count = 0;
        std::int32_t head = 0;
        std::int32_t tail = 0;
    };
    struct side_levels {
        std::vector<level> levels;
        std::int64_t best = 0;
    };
    struct entry {
        std::uint32_t tag;
        std::int32_t slot; // 0 = empty
    };

    static std::uint32_t tag_of(std::int64_t id) noexcept {
        return static_cast<std::uint32_t>((static_cast<std::uint64_t>(id) * 0x9E3779B97F4A7C15ull) >> 32);
    }

    std::uint8_t dispatch(const veloz_book_command& c) {
        switch (c.type) {
        case VELOZ_BOOK_COMMAND_ADD:
            return add(c);
        case VELOZ_BOOK_COMMAND_DELETE:
        case VELOZ_BOOK_COMMAND_CANCEL:
            return remove(c);
        case VELOZ_BOOK_COMMAND_REDUCE:
            return reduce(c, false);
        case VELOZ_BOOK_COMMAND_EXECUTE:
            return reduce(c, true);
        default:
            return VELOZ_BOOK_REJECT_INVALID_COMMAND;
        }
    }

    std::uint8_t add(const veloz_book_command& c) {
        if (c.order_id == 0)
            return VELOZ_BOOK_REJECT_INVALID_ORDER_ID;
        if (c.side != VELOZ_SIDE_BUY && c.side != VELOZ_SIDE_SELL)
            return VELOZ_BOOK_REJECT_INVALID_SIDE;
        if (c.quantity <= 0)
            return VELOZ_BOOK_REJECT_INVALID_QUANTITY;
        const std::int64_t offset = c.price - min_price_;
        if (offset < 0 || offset % tick_ != 0 || offset / tick_ >= static_cast<std::int64_t>(sides_[0].levels.size()))
            return VELOZ_BOOK_REJECT_INVALID_PRICE;
        std::size_t position = 0;
        if (find(c.order_id, position) != 0)
            return VELOZ_BOOK_REJECT_DUPLICATE_ID;

        std::int32_t oi = free_;
        if (oi != 0) {
            free_ = orders_[static_cast<std::size_t>(oi)].next;
        } else {
            if (used_ + 1 == orders_.size())
                orders_.resize(orders_.size() * 2);
            oi = static_cast<std::int32_t>(++used_);
        }
        if (count_ >= (table_.size() >> 1)) {
            resize_table(table_.size() * 2);
            (void)find(c.order_id, position);
        }
        table_[position] = entry{tag_of(c.order_id), oi};
        ++count_;

        node& o = orders_[static_cast<std::size_t>(oi)];
        o.id = c.order_id;
        o.price = c.price;
        o.remaining = c.quantity;
        o.side = c.side;
        emit(VELOZ_BOOK_EVENT_ACCEPTED, c.side, 0, 0, c.order_id, 0, c.price, c.quantity, 0, 0);

        const int s = c.side - 1;
        const std::int64_t t = offset / tick_;
        side_levels& side = sides_[s];
        level& l = side.levels[static_cast<std::size_t>(t)];
        if (s == 0 ? t > side.best : t < side.best)
            side.best = t;
        o.prev = l.tail;
        o.next = 0;
        if (l.tail != 0)
            orders_[static_cast<std::size_t>(l.tail)].next = oi;
        else
            l.head = oi;
        l.tail = oi;
        ++l.count;
        l.quantity += c.quantity;
        level_changed(s, t, l, c.price);
        return VELOZ_BOOK_REJECT_NONE;
    }

    std::uint8_t remove(const veloz_book_command& c) {
        if (c.order_id == 0)
            return VELOZ_BOOK_REJECT_INVALID_ORDER_ID;
        std::size_t position = 0;
        const std::int32_t oi = find(c.order_id, position);
        if (oi == 0)
            return VELOZ_BOOK_REJECT_UNKNOWN_ORDER;
        const node& o = orders_[static_cast<std::size_t>(oi)];
        emit(VELOZ_BOOK_EVENT_ORDER_DONE, o.side, VELOZ_ORDER_DONE_CANCELLED, 0, o.id, 0, o.price, o.remaining, 0, 0);
        detach(oi, position);
        return VELOZ_BOOK_REJECT_NONE;
    }

    // Reduce (a partial cancel; all of it is a cancel) or execute (a trade; all of it fills the order).
    std::uint8_t reduce(const veloz_book_command& c, bool execute) {
        if (c.order_id == 0)
            return VELOZ_BOOK_REJECT_INVALID_ORDER_ID;
        if (c.quantity <= 0)
            return VELOZ_BOOK_REJECT_INVALID_QUANTITY;
        std::size_t position = 0;
        const std::int32_t oi = find(c.order_id, position);
        if (oi == 0)
            return VELOZ_BOOK_REJECT_UNKNOWN_ORDER;
        node& o = orders_[static_cast<std::size_t>(oi)];
        if (c.quantity > o.remaining)
            return VELOZ_BOOK_REJECT_INVALID_QUANTITY;
        const std::uint8_t opposite = o.side == VELOZ_SIDE_BUY ? VELOZ_SIDE_SELL : VELOZ_SIDE_BUY;
        if (execute) {
            ++trade_count_;
            trade_volume_ += c.quantity;
            emit(VELOZ_BOOK_EVENT_TRADE, opposite, 0, 0, o.id, 0, o.price, c.quantity, o.remaining - c.quantity, 0);
        }
        if (c.quantity == o.remaining) {
            emit(VELOZ_BOOK_EVENT_ORDER_DONE, o.side, execute ? VELOZ_ORDER_DONE_FILLED : VELOZ_ORDER_DONE_CANCELLED, 0, o.id, 0, o.price,
                 execute ? 0 : o.remaining, 0, 0);
            detach(oi, position);
            return VELOZ_BOOK_REJECT_NONE;
        }
        o.remaining -= c.quantity;
        const int s = o.side - 1;
        const std::int64_t t = (o.price - min_price_) / tick_;
        level& l = sides_[s].levels[static_cast<std::size_t>(t)];
        l.quantity -= c.quantity;
        if (!execute)
            emit(VELOZ_BOOK_EVENT_MODIFIED, o.side, 0, 0, o.id, 0, o.price, o.remaining, 0, 0);
        level_changed(s, t, l, o.price);
        return VELOZ_BOOK_REJECT_NONE;
    }

    // Unlinks, reports the level (before an emptied level leaves, so "top" means "was the top"), moves the
    // best past an emptied best level, unindexes and frees.
    void detach(std::int32_t oi, std::size_t position) {
        node& o = orders_[static_cast<std::size_t>(oi)];
        const int s = o.side - 1;
        const std::int64_t t = (o.price - min_price_) / tick_;
        side_levels& side = sides_[s];
        level& l = side.levels[static_cast<std::size_t>(t)];
        l.quantity -= o.remaining;
        if (o.prev != 0)
            orders_[static_cast<std::size_t>(o.prev)].next = o.next;
        else
            l.head = o.next;
        if (o.next != 0)
            orders_[static_cast<std::size_t>(o.next)].prev = o.prev;
        else
            l.tail = o.prev;
        --l.count;
        level_changed(s, t, l, o.price);
        if (l.count == 0 && t == side.best) {
            const std::int64_t ticks = static_cast<std::int64_t>(side.levels.size());
            std::int64_t b = t;
            if (s == 0)
                do
                    --b;
                while (b >= 0 && side.levels[static_cast<std::size_t>(b)].count == 0);
            else
                do
                    ++b;
                while (b < ticks && side.levels[static_cast<std::size_t>(b)].count == 0);
            side.best = b;
        }
        remove_at(position);
        --count_;
        o.id = 0;
        o.next = free_;
        free_ = oi;
    }

    void level_changed(int s, std::int64_t t, const level& l, std::int64_t price) {
        emit(VELOZ_BOOK_EVENT_LEVEL_CHANGED, static_cast<std::uint8_t>(s + 1), 0,
             t == sides_[s].best ? VELOZ_BOOK_EVENT_FLAGS_TOP_OF_BOOK : VELOZ_BOOK_EVENT_FLAGS_NONE, 0, 0, price, l.quantity, 0, l.count);
    }

    void emit(std::uint8_t type, std::uint8_t side, std::uint8_t reason, std::uint8_t flags, std::int64_t order_id, std::int64_t other,
              std::int64_t price, std::int64_t quantity, std::int64_t remaining, std::int32_t order_count) {
        veloz_book_event& e = out_[written_++];
        e = veloz_book_event{};
        e.type = type;
        e.side = side;
        e.reason = reason;
        e.flags = flags;
        e.command_type = command_;
        e.order_count = order_count;
        e.sequence = sequence_;
        e.order_id = order_id;
        e.other_order_id = other;
        e.price = price;
        e.quantity = quantity;
        e.remaining_quantity = remaining;
    }

    // The order's slot (0 when absent) and where the probe ended: its entry, or the empty one to fill.
    std::int32_t find(std::int64_t id, std::size_t& position) const noexcept {
        const std::uint32_t tag = tag_of(id);
        std::size_t i = tag >> shift_;
        for (;;) {
            const entry e = table_[i];
            if (e.slot == 0 || (e.tag == tag && orders_[static_cast<std::size_t>(e.slot)].id == id)) {
                position = i;
                return e.slot;
            }
            i = (i + 1) & mask_;
        }
    }

    void remove_at(std::size_t hole) noexcept {
        std::size_t j = hole;
        for (;;) {
            j = (j + 1) & mask_;
            const entry e = table_[j];
            if (e.slot == 0)
                break;
            const std::size_t home = e.tag >> shift_;
            if (((j - home) & mask_) >= ((j - hole) & mask_)) {
                table_[hole] = e;
                hole = j;
            }
        }
        table_[hole] = entry{0, 0};
    }

    void resize_table(std::size_t capacity) {
        std::vector<entry> old = std::move(table_);
        table_.assign(capacity, entry{0, 0});
        mask_ = capacity - 1;
        shift_ = 32;
        for (std::size_t c = capacity; c > 1; c >>= 1)
            --shift_;
        for (const entry& e : old)
            if (e.slot != 0) {
                std::size_t i = e.tag >> shift_;
                while (table_[i].slot != 0)
                    i = (i + 1) & mask_;
                table_[i] = e;
            }
    }

    std::int64_t min_price_;
    std::int64_t tick_;
    side_levels sides_[2];
    std::vector<node> orders_;
    std::size_t used_ = 0;
    std::int32_t free_ = 0;
    std::size_t count_ = 0;
    std::vector<entry> table_;
    std::size_t mask_ = 0;
    int shift_ = 32;
    veloz_book_event* out_ = nullptr;
    std::size_t written_ = 0;
    std::int64_t sequence_ = 0;
    std::uint8_t command_ = 0;
    std::int64_t rejected_ = 0;
    std::int64_t trade_count_ = 0;
    std::int64_t trade_volume_ = 0;
};

} // namespace peer

#endif
