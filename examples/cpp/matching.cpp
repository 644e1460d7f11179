// A matching order book from C++: two asks rest, an IOC bid takes 7 of their 10 lots, the events say who traded
// with whom, and another thread takes the book over. veloz.hpp throws veloz::error on any failure.
#include <veloz.hpp>

#include <cstdio>
#include <thread>

int main() {
    try {
        veloz::book book;                                             // a matching book; book_config::mirror() follows a feed
        book.submit(veloz::cmd::limit(1, VELOZ_SIDE_SELL, 10'100, 5));
        book.submit(veloz::cmd::limit(2, VELOZ_SIDE_SELL, 10'105, 5));
        book.submit(veloz::cmd::ioc(3, VELOZ_SIDE_BUY, 10'105, 7));  // takes 5 @ 10,100, then 2 @ 10,105
        for (const veloz_book_event& e : book.events())              // accepted, trades, order done, level changes
            if (e.type == VELOZ_BOOK_EVENT_TRADE)
                std::printf("trade: order %lld bought %lld @ %lld from order %lld (%lld left)\n",
                            static_cast<long long>(e.other_order_id), static_cast<long long>(e.quantity),
                            static_cast<long long>(e.price), static_cast<long long>(e.order_id),
                            static_cast<long long>(e.remaining_quantity));

        veloz::release_owner(book);                                   // the next thread to use it becomes its owner
        std::thread risk([&book] {
            const veloz_top_of_book top = book.best();
            std::printf("best ask now %lld x %lld, %lld orders rest\n", static_cast<long long>(top.ask.price),
                        static_cast<long long>(top.ask.quantity), static_cast<long long>(book.stats().order_count));
        });
        risk.join();
        return 0;
    } catch (const veloz::error& e) {
        std::fprintf(stderr, "veloz: %s\n", e.what());
        return 1;
    }
}
