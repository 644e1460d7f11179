#include "Book/book_test_support.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>

#ifndef VELOZ_REPO_ROOT
#error "VELOZ_REPO_ROOT must name the repository root (tests/CMakeLists.txt defines it)"
#endif

namespace veloz_tests {

std::string repository_root() { return VELOZ_REPO_ROOT; }

std::string lobster_message_file() {
    const std::string name = "AMZN_2012-06-21_34200000_57600000_message_1.csv";
    const char* data = std::getenv("VELOZ_DATA");
    if (data != nullptr && *data != '\0')
        return std::string(data) + "/" + name;
    return repository_root() + "/data/" + name;
}

std::vector<lobster_message> read_lobster(std::size_t max_messages) {
    std::vector<lobster_message> messages;
    const std::string path = lobster_message_file();
    std::ifstream file(path);
    if (!file) {
        ADD_FAILURE() << "cannot open " << path << " (the repository's data/ folder; VELOZ_DATA names another)";
        return messages;
    }
    std::string line;
    while (std::getline(file, line) && (max_messages == 0 || messages.size() < max_messages)) {
        double time = 0.0;
        int type = 0;
        long long id = 0;
        long long size = 0;
        long long price = 0;
        int direction = 0;
        if (std::sscanf(line.c_str(), "%lf,%d,%lld,%lld,%lld,%d", &time, &type, &id, &size, &price, &direction) != 6) {
            ADD_FAILURE() << path << ": cannot parse line " << messages.size() + 1 << ": " << line;
            break;
        }
        messages.push_back(lobster_message{type, id, size, price, direction});
    }
    return messages;
}

std::vector<veloz_book_command> lobster_commands(const std::vector<lobster_message>& messages) {
    std::vector<veloz_book_command> commands;
    commands.reserve(messages.size());
    for (const lobster_message& m : messages) {
        switch (m.type) {
        case 1:
            commands.push_back(veloz::cmd::add(m.order_id, m.direction == 1 ? VELOZ_SIDE_BUY : VELOZ_SIDE_SELL, m.price, m.size));
            break;
        case 2:
            commands.push_back(veloz::cmd::reduce(m.order_id, m.size));
            break;
        case 3:
            commands.push_back(veloz::cmd::delete_order(m.order_id));
            break;
        case 4:
            commands.push_back(veloz::cmd::execute(m.order_id, m.size));
            break;
        default:
            break; // 5 hidden execution, 6 cross trade, 7 halt: nothing visible changes
        }
    }
    return commands;
}

} // namespace veloz_tests
