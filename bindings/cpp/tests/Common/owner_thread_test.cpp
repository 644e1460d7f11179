// Wrong-thread use is an error, not a hang (docs/DESIGN.md rule 8): several threads hammering one object get
// VELOZ_E_STATE from every call but the owner's, the object keeps exactly the owner's work, and a release or a
// share hands it over.
#include <gtest/gtest.h>

#include <unistd.h>
#include <sys/syscall.h>

#include <atomic>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <veloz.hpp>

namespace {

constexpr int thread_count = 4;
constexpr int orders_per_thread = 2000;

long os_thread_id() { return static_cast<long>(::syscall(SYS_gettid)); }

struct hammer_result {
    int ok = 0;
    int wrong_thread = 0;
    int other = 0;
    long tid = 0;
    std::string first_message;
};

// Each thread submits its own disjoint order ids into one matching book, counting what came back.
std::vector<hammer_result> hammer(veloz::book& book, std::mutex* serialize) {
    std::vector<hammer_result> results(thread_count);
    std::atomic<int> ready{0};
    std::atomic<int> finished{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < thread_count; ++t) {
        threads.emplace_back([&, t] {
            hammer_result& r = results[static_cast<std::size_t>(t)];
            r.tid = os_thread_id();
            ready.fetch_add(1);
            while (ready.load() < thread_count) {
            }
            for (int i = 0; i < orders_per_thread; ++i) {
                const std::int64_t id = 1 + t * orders_per_thread + i;
                veloz_book_command order = veloz::cmd::limit(id, t % 2 == 0 ? VELOZ_SIDE_BUY : VELOZ_SIDE_SELL,
                                                             t % 2 == 0 ? 100 - t : 200 + t, 1);
                std::unique_lock<std::mutex> lock;
                if (serialize != nullptr)
                    lock = std::unique_lock<std::mutex>(*serialize);
                const veloz_status status = veloz_book_submit(book.native_handle(), &order);
                if (status == VELOZ_OK) {
                    ++r.ok;
                    veloz_book_event drained[16];
                    std::int32_t written = 0;
                    (void)veloz_book_drain_events(book.native_handle(), drained, 16, &written);
                } else if (status == VELOZ_E_STATE) {
                    if (r.wrong_thread++ == 0)
                        r.first_message = veloz::detail::last_error_message();
                } else {
                    ++r.other;
                }
            }
            // Once every thread is done, the owner hands the book back so the test thread can read it.
            finished.fetch_add(1);
            if (serialize == nullptr && r.ok > 0) {
                while (finished.load() < thread_count) {
                }
                EXPECT_EQ(veloz_handle_release_owner(book.native_handle()), VELOZ_OK);
            }
        });
    }
    for (std::thread& thread : threads)
        thread.join();
    return results;
}

} // namespace

TEST(OwnerThread, OnlyTheFirstThreadToUseABookMayDriveIt) {
    veloz::book book;
    const std::vector<hammer_result> results = hammer(book, nullptr);

    int owners = 0;
    int total_ok = 0;
    long owner_tid = 0;
    for (const hammer_result& r : results) {
        EXPECT_EQ(r.other, 0) << "no call may fail for any reason but the thread";
        EXPECT_EQ(r.ok + r.wrong_thread, orders_per_thread);
        total_ok += r.ok;
        if (r.ok > 0) {
            ++owners;
            owner_tid = r.tid;
            EXPECT_EQ(r.ok, orders_per_thread) << "the owner is never refused";
        }
    }
    ASSERT_EQ(owners, 1) << "exactly one thread owns the book";
    // The book holds exactly the owner's orders: nothing from the refused calls, nothing torn.
    EXPECT_EQ(book.stats().order_count, total_ok);
    for (const hammer_result& r : results) {
        if (r.ok > 0)
            continue;
        EXPECT_NE(r.first_message.find("veloz_book_submit"), std::string::npos) << r.first_message;
        EXPECT_NE(r.first_message.find("thread " + std::to_string(owner_tid)), std::string::npos) << r.first_message;
        EXPECT_NE(r.first_message.find("thread " + std::to_string(r.tid)), std::string::npos) << r.first_message;
    }
}

TEST(OwnerThread, ReleaseHandsTheBookToTheNextThread) {
    veloz::book book;
    book.submit(veloz::cmd::limit(1, VELOZ_SIDE_BUY, 100, 1)); // this thread owns it now
    veloz_status from_other = VELOZ_OK;
    std::thread([&] {
        veloz_book_command order = veloz::cmd::limit(2, VELOZ_SIDE_BUY, 100, 1);
        from_other = veloz_book_submit(book.native_handle(), &order);
        // Only the owner may release it.
        EXPECT_EQ(veloz_handle_release_owner(book.native_handle()), VELOZ_E_STATE);
    }).join();
    EXPECT_EQ(from_other, VELOZ_E_STATE);

    veloz::release_owner(book);
    std::thread([&] {
        veloz_book_command order = veloz::cmd::limit(3, VELOZ_SIDE_BUY, 100, 1);
        EXPECT_EQ(veloz_book_submit(book.native_handle(), &order), VELOZ_OK);
    }).join();
    // The other thread is the owner now: this one is refused, and the book holds orders 1 and 3.
    veloz_book_command order = veloz::cmd::limit(4, VELOZ_SIDE_BUY, 100, 1);
    EXPECT_EQ(veloz_book_submit(book.native_handle(), &order), VELOZ_E_STATE);
    EXPECT_EQ(veloz_handle_release_owner(book.native_handle()), VELOZ_E_STATE);
    // Reads published for other threads never check the owner.
    veloz_top_of_book top{};
    EXPECT_EQ(veloz_book_read_top(book.native_handle(), &top), VELOZ_E_STATE) << "no snapshot configured";
    EXPECT_NE(veloz::detail::last_error_message().find("snapshot"), std::string::npos);
}

TEST(OwnerThread, ASharedBookTakesSerializedCallsFromEveryThread) {
    veloz::book book;
    veloz::share(book);
    std::mutex serialize;
    const std::vector<hammer_result> results = hammer(book, &serialize);
    for (const hammer_result& r : results) {
        EXPECT_EQ(r.ok, orders_per_thread);
        EXPECT_EQ(r.wrong_thread, 0);
        EXPECT_EQ(r.other, 0);
    }
    EXPECT_EQ(book.stats().order_count, thread_count * orders_per_thread);
}

TEST(OwnerThread, HistogramRecordsFromTheOwnerOnly) {
    veloz::histogram histogram;
    std::atomic<int> refused{0};
    std::atomic<int> recorded{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < thread_count; ++t) {
        threads.emplace_back([&] {
            for (int i = 0; i < 5000; ++i) {
                const veloz_status status = veloz_histogram_record(histogram.native_handle(), 100 + i);
                (status == VELOZ_OK ? recorded : refused).fetch_add(1);
                EXPECT_TRUE(status == VELOZ_OK || status == VELOZ_E_STATE) << veloz_status_name(status);
            }
        });
    }
    for (std::thread& thread : threads)
        thread.join();
    EXPECT_EQ(recorded.load() % 5000, 0) << "whole threads are refused, not single calls";
    EXPECT_GE(recorded.load(), 5000);
    EXPECT_EQ(recorded.load() + refused.load(), thread_count * 5000);
    // Every recorded value is there: the histogram's owner is one of the workers, so read it through a release.
    EXPECT_EQ(veloz_handle_release_owner(histogram.native_handle()), VELOZ_E_STATE) << "a worker owns it";
}

TEST(OwnerThread, HandleFunctionsRefuseDeadHandles) {
    EXPECT_EQ(veloz_handle_release_owner(nullptr), VELOZ_E_INVALID_HANDLE);
    EXPECT_EQ(veloz_handle_share(nullptr), VELOZ_E_INVALID_HANDLE);
    veloz_book* raw = nullptr;
    ASSERT_EQ(veloz_book_create(nullptr, &raw), VELOZ_OK);
    veloz_book_destroy(raw);
    EXPECT_EQ(veloz_handle_release_owner(raw), VELOZ_E_INVALID_HANDLE);
    EXPECT_EQ(veloz_handle_share(raw), VELOZ_E_INVALID_HANDLE);
}
