// veloz::check_version and veloz::error: the binding refuses a foreign ABI and reports failures with
// the status code and the library's own message.
#include <veloz.hpp>

#include <gtest/gtest.h>

#include <cstdint>
#include <stdexcept>
#include <string>

namespace {

constexpr std::uint32_t pack(std::uint32_t major, std::uint32_t minor, std::uint32_t patch) {
    return (major << 16) | (minor << 8) | patch;
}

std::string library_last_error() {
    char buffer[1024];
    const std::int32_t length = veloz_last_error_message(buffer, sizeof buffer);
    return std::string(buffer, static_cast<std::size_t>(length));
}

} // namespace

TEST(Version, Loaded_library_has_the_major_version_of_the_header) {
    EXPECT_EQ(veloz::library_version().major, static_cast<std::uint32_t>(VELOZ_VERSION_MAJOR));
    EXPECT_NO_THROW(veloz::check_version());
}

TEST(Version, Library_version_unpacks_what_veloz_version_returns) {
    const std::uint32_t packed = veloz_version();
    const veloz::version_number version = veloz::library_version();
    EXPECT_EQ(pack(version.major, version.minor, version.patch), packed);
    EXPECT_EQ(version.minor, static_cast<std::uint32_t>(VELOZ_VERSION_MINOR));
    EXPECT_EQ(version.patch, static_cast<std::uint32_t>(VELOZ_VERSION_PATCH));
}

TEST(Version, Check_version_refuses_a_library_with_another_major_version_and_names_both) {
    const std::uint32_t foreign_major = VELOZ_VERSION_MAJOR + 1;
    try {
        veloz::check_version(pack(foreign_major, 2, 3));
        FAIL() << "check_version accepted major version " << foreign_major;
    } catch (const veloz::error& e) {
        EXPECT_EQ(e.status(), VELOZ_E_UNSUPPORTED);
        const std::string message = e.message();
        const std::string header = std::to_string(VELOZ_VERSION_MAJOR) + "." + std::to_string(VELOZ_VERSION_MINOR) + "." +
                                   std::to_string(VELOZ_VERSION_PATCH);
        const std::string library = std::to_string(foreign_major) + ".2.3";
        EXPECT_NE(message.find(header), std::string::npos) << message;
        EXPECT_NE(message.find(library), std::string::npos) << message;
    }
}

TEST(Version, Check_version_accepts_another_minor_or_patch_of_the_same_major) {
    EXPECT_NO_THROW(veloz::check_version(pack(VELOZ_VERSION_MAJOR, VELOZ_VERSION_MINOR + 7, 9)));
    EXPECT_NO_THROW(veloz::check_version(pack(VELOZ_VERSION_MAJOR, 0, 0)));
}

TEST(Error, Carries_the_status_and_the_library_message_of_a_failed_call) {
    veloz::histogram histogram;
    try {
        histogram.record(-5);
        FAIL() << "record(-5) did not throw";
    } catch (const veloz::error& e) {
        EXPECT_EQ(e.status(), VELOZ_E_INVALID_ARGUMENT);
        EXPECT_STREQ(e.status_name(), "VELOZ_E_INVALID_ARGUMENT");
        const std::string message = e.message();
        // The library's message names the function and the bad value.
        EXPECT_NE(message.find("histogram_record"), std::string::npos) << message;
        EXPECT_NE(message.find("-5"), std::string::npos) << message;
        EXPECT_EQ(message, library_last_error());
        EXPECT_EQ(std::string(e.what()), "VELOZ_E_INVALID_ARGUMENT: " + message);
    }
    // A failed call leaves the histogram usable and unchanged.
    EXPECT_EQ(histogram.count(), 0);
    histogram.record(5);
    EXPECT_EQ(histogram.count(), 1);
}

TEST(Error, Is_thrown_by_a_constructor_given_settings_out_of_range) {
    veloz::histogram_config settings;
    settings.significant_digits = 6; // 1..5
    try {
        veloz::histogram histogram(settings);
        FAIL() << "a histogram with 6 significant digits was created";
    } catch (const veloz::error& e) {
        EXPECT_EQ(e.status(), VELOZ_E_INVALID_ARGUMENT);
        EXPECT_NE(std::string(e.message()), "") << "the library gave no message";
    }
}

TEST(Error, Is_a_std_runtime_error) {
    veloz::histogram histogram;
    EXPECT_THROW((void)histogram.value_at_percentile(50.0), std::runtime_error);
}

TEST(Error, Check_passes_ok_and_throws_every_error_status) {
    EXPECT_NO_THROW(veloz::check(VELOZ_OK));
    for (veloz_status status : {VELOZ_E_INVALID_ARGUMENT, VELOZ_E_FULL, VELOZ_E_EMPTY, VELOZ_E_SEQUENCE_GAP}) {
        try {
            veloz::check(status);
            FAIL() << "check(" << status << ") did not throw";
        } catch (const veloz::error& e) {
            EXPECT_EQ(e.status(), status);
            EXPECT_STREQ(e.status_name(), veloz_status_name(status));
        }
    }
}

TEST(Error, Copies_keep_status_and_message) {
    const veloz::error original(VELOZ_E_NOT_FOUND, "time_sync_to_exchange: venue 7 has no samples");
    const veloz::error copy = original; // NOLINT(performance-unnecessary-copy-initialization)
    EXPECT_EQ(copy.status(), VELOZ_E_NOT_FOUND);
    EXPECT_STREQ(copy.message(), "time_sync_to_exchange: venue 7 has no samples");
    EXPECT_STREQ(copy.what(), "VELOZ_E_NOT_FOUND: time_sync_to_exchange: venue 7 has no samples");
    static_assert(std::is_nothrow_copy_constructible_v<veloz::error>, "exceptions must copy without throwing");
}
