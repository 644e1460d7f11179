// state_hash: the book state hash veloz_book_hash defines (veloz.h), for the benchmark peers (map_book,
// array_book) to compute the same way: feed every resting order, bids from the highest price then asks from
// the lowest, oldest first within a level; finish with the number of resting orders.
#ifndef VELOZ_BENCH_STATE_HASH_HPP
#define VELOZ_BENCH_STATE_HASH_HPP

#include <cstddef>
#include <cstdint>

namespace peer {

class state_hash {
public:
    /// Mixes one resting order: side (VELOZ_SIDE_*), price, id, remaining quantity.
    void add(std::uint64_t side, std::int64_t price, std::int64_t id, std::int64_t remaining) noexcept {
        mix(side);
        mix(static_cast<std::uint64_t>(price));
        mix(static_cast<std::uint64_t>(id));
        mix(static_cast<std::uint64_t>(remaining));
    }

    /// The hash, after every order was added.
    [[nodiscard]] std::uint64_t finish(std::size_t order_count) const noexcept {
        std::uint64_t h = h_ ^ static_cast<std::uint64_t>(order_count);
        h ^= h >> 33;
        h *= 0xFF51AFD7ED558CCDull;
        h ^= h >> 33;
        h *= 0xC4CEB9FE1A85EC53ull;
        h ^= h >> 33;
        return h;
    }

private:
    void mix(std::uint64_t v) noexcept {
        h_ = (h_ ^ v) * 0xFF51AFD7ED558CCDull;
        h_ ^= h_ >> 32;
    }

    std::uint64_t h_ = 0x9E3779B97F4A7C15ull;
};

} // namespace peer

#endif
