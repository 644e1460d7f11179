// map_book: the "straightforward C++ order book" peer of the benchmarks, what a C++ developer writes in
// an afternoon: a std::map of price levels per side, a std::list of orders per level (FIFO), and a
// std::unordered_map from order id to the order's side, price and list iterator.
//
// It implements the operations the benchmark flows use with VeloZ's semantics, so both books do the same
// work and end in the same state (the tests compare veloz_book_hash with map_book::hash):
//   mirror mode:   add (rests without matching), reduce (keeps priority), remove, execute;
//   matching mode: submit of a GTC or IOC limit order (price-time priority, trades at the maker's price),
//                  cancel, modify (same price and no more quantity keeps priority; otherwise the order
//                  leaves its queue, trades if the new price crosses, and rests the remainder at the back).
// It counts trades instead of emitting event records (VeloZ writes a 64-byte event per change); that
// favours the peer. No self-trade prevention, FOK, market orders or price bands.
#ifndef VELOZ_BENCH_MAP_BOOK_HPP
#define VELOZ_BENCH_MAP_BOOK_HPP

#include <algorithm>
#include <cstdint>
#include <functional>
#include <iterator>
#include <list>
#include <map>
#include <unordered_map>

#include "state_hash.hpp"

namespace peer {

class map_book {
public:
    enum class side : std::uint8_t { buy = 1, sell = 2 };

    explicit map_book(std::size_t expected_orders = 65'536) { index_.reserve(expected_orders); }

    // ---- mirror mode ----

    /// Rests a new order at its price without matching. False (nothing changes) for a duplicate id or a
    /// quantity <= 0.
    bool add(std::int64_t id, side s, std::int64_t price, std::int64_t quantity) {
        if (quantity <= 0 || index_.count(id) != 0)
            return false;
        rest(id, s, price, quantity);
        return true;
    }

    /// Takes quantity off a resting order, keeping its place; all of it removes the order. False for an
    /// unknown id or a quantity <= 0 or above what is left.
    bool reduce(std::int64_t id, std::int64_t quantity) {
        const auto found = index_.find(id);
        if (found == index_.end() || quantity <= 0 || quantity > found->second.position->quantity)
            return false;
        if (quantity == found->second.position->quantity) {
            erase(found);
            return true;
        }
        found->second.position->quantity -= quantity;
        level_of(found->second).quantity -= quantity;
        return true;
    }

    /// Removes a resting order. False for an unknown id.
    bool remove(std::int64_t id) {
        const auto found = index_.find(id);
        if (found == index_.end())
            return false;
        erase(found);
        return true;
    }

    /// The venue executed quantity of a resting order: a trade, which changes the book as reduce does.
    /// False as for reduce.
    bool execute(std::int64_t id, std::int64_t quantity) {
        if (!reduce(id, quantity))
            return false;
        ++trade_count_;
        trade_volume_ += quantity;
        return true;
    }

    // ---- matching mode ----

    /// A limit order: trades against the other side's best levels while they are at or better than its
    /// price (at the maker's price, oldest order first), then rests the rest (GTC) or drops it (IOC).
    /// False for a duplicate id or a quantity <= 0.
    bool submit(std::int64_t id, side s, std::int64_t price, std::int64_t quantity, bool immediate_or_cancel) {
        if (quantity <= 0 || index_.count(id) != 0)
            return false;
        const std::int64_t left = s == side::buy ? match(asks_, id, price, quantity, [](std::int64_t level, std::int64_t limit) { return level <= limit; })
                                                 : match(bids_, id, price, quantity, [](std::int64_t level, std::int64_t limit) { return level >= limit; });
        if (left > 0 && !immediate_or_cancel)
            rest(id, s, price, left);
        return true;
    }

    /// Removes a resting order (matching-mode name of remove).
    bool cancel(std::int64_t id) { return remove(id); }

    /// Sets a resting order's price and quantity, with VeloZ's priority rule; a crossing price trades.
    bool modify(std::int64_t id, std::int64_t new_price, std::int64_t new_quantity) {
        const auto found = index_.find(id);
        if (found == index_.end() || new_quantity <= 0)
            return false;
        location& where = found->second;
        if (new_price == where.price && new_quantity <= where.position->quantity) {
            level_of(where).quantity -= where.position->quantity - new_quantity;
            where.position->quantity = new_quantity;
            return true;
        }
        const side s = where.order_side;
        erase(found);
        return submit(id, s, new_price, new_quantity, false);
    }

    // ---- queries ----

    /// A resting order's price and remaining quantity (the id must rest).
    struct order_view {
        std::int64_t price;
        std::int64_t quantity;
    };
    [[nodiscard]] order_view view(std::int64_t id) const {
        const location& where = index_.at(id);
        return order_view{where.price, where.position->quantity};
    }

    [[nodiscard]] std::size_t order_count() const noexcept { return index_.size(); }
    [[nodiscard]] bool contains(std::int64_t id) const { return index_.count(id) != 0; }
    [[nodiscard]] std::int64_t trade_count() const noexcept { return trade_count_; }
    [[nodiscard]] std::int64_t trade_volume() const noexcept { return trade_volume_; }
    [[nodiscard]] std::size_t bid_levels() const noexcept { return bids_.size(); }
    [[nodiscard]] std::size_t ask_levels() const noexcept { return asks_.size(); }
    /// Best bid price and total quantity (0, 0 when empty).
    [[nodiscard]] std::pair<std::int64_t, std::int64_t> best_bid() const {
        return bids_.empty() ? std::pair<std::int64_t, std::int64_t>{0, 0} : std::pair{bids_.begin()->first, bids_.begin()->second.quantity};
    }
    [[nodiscard]] std::pair<std::int64_t, std::int64_t> best_ask() const {
        return asks_.empty() ? std::pair<std::int64_t, std::int64_t>{0, 0} : std::pair{asks_.begin()->first, asks_.begin()->second.quantity};
    }

    /// The state hash veloz_book_hash defines (veloz.h): every resting order, bids from the highest price
    /// then asks from the lowest, oldest first within a level, mixing (side, price, id, remaining).
    [[nodiscard]] std::uint64_t hash() const {
        state_hash h;
        auto side_hash = [&h](const auto& levels, side s) {
            for (const auto& [price, level] : levels)
                for (const order& o : level.orders)
                    h.add(static_cast<std::uint64_t>(s), price, o.id, o.quantity);
        };
        side_hash(bids_, side::buy);
        side_hash(asks_, side::sell);
        return h.finish(index_.size());
    }

private:
    struct order {
        std::int64_t id;
        std::int64_t quantity;
    };
    struct level {
        std::int64_t quantity = 0;
        std::list<order> orders;
    };
    struct location {
        side order_side;
        std::int64_t price;
        std::list<order>::iterator position;
    };
    using bid_levels_map = std::map<std::int64_t, level, std::greater<std::int64_t>>;
    using ask_levels_map = std::map<std::int64_t, level, std::less<std::int64_t>>;
    using index_map = std::unordered_map<std::int64_t, location>;

    level& level_of(const location& where) { return where.order_side == side::buy ? bids_.find(where.price)->second : asks_.find(where.price)->second; }

    void rest(std::int64_t id, side s, std::int64_t price, std::int64_t quantity) {
        level& l = s == side::buy ? bids_[price] : asks_[price];
        l.quantity += quantity;
        l.orders.push_back(order{id, quantity});
        index_.emplace(id, location{s, price, std::prev(l.orders.end())});
    }

    void erase(index_map::iterator found) {
        const location& where = found->second;
        if (where.order_side == side::buy)
            erase_from(bids_, where);
        else
            erase_from(asks_, where);
        index_.erase(found);
    }

    template <class Levels>
    static void erase_from(Levels& levels, const location& where) {
        const auto l = levels.find(where.price);
        l->second.quantity -= where.position->quantity;
        l->second.orders.erase(where.position);
        if (l->second.orders.empty())
            levels.erase(l);
    }

    template <class Levels, class Reaches>
    std::int64_t match(Levels& makers, std::int64_t /*taker_id*/, std::int64_t limit, std::int64_t quantity, Reaches reaches) {
        while (quantity > 0 && !makers.empty()) {
            const auto best = makers.begin();
            if (!reaches(best->first, limit))
                break;
            level& l = best->second;
            while (quantity > 0 && !l.orders.empty()) {
                order& maker = l.orders.front();
                const std::int64_t traded = std::min(quantity, maker.quantity);
                maker.quantity -= traded;
                l.quantity -= traded;
                quantity -= traded;
                ++trade_count_;
                trade_volume_ += traded;
                if (maker.quantity == 0) {
                    index_.erase(maker.id);
                    l.orders.pop_front();
                }
            }
            if (l.orders.empty())
                makers.erase(best);
        }
        return quantity;
    }

    bid_levels_map bids_;
    ask_levels_map asks_;
    index_map index_;
    std::int64_t trade_count_ = 0;
    std::int64_t trade_volume_ = 0;
};

} // namespace peer

#endif
