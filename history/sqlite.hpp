// A thin RAII layer over libsqlite3: one connection, prepared statements, errors as exceptions.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>

struct sqlite3;
struct sqlite3_stmt;

namespace memfrag::history {

// Any SQLite failure; what() carries SQLite's message.
class StoreError : public std::runtime_error {
 public:
   using std::runtime_error::runtime_error;
};

class Statement {
 public:
   Statement(sqlite3 *database, const std::string &sql);
   ~Statement();
   Statement(const Statement &) = delete;
   Statement &operator=(const Statement &) = delete;

   // Parameters are numbered from 1, as in SQL's "?".
   Statement &bind(int index, const std::string &text);
   Statement &bind(int index, std::int64_t number);
   Statement &bind(int index, double number);
   Statement &bind_null(int index);

   // Advances to the next row; false when there is none (the statement is done).
   bool step();
   void run(); // steps a statement that returns no rows

   std::int64_t integer(int column) const;
   double real(int column) const;
   std::string text(int column) const;
   bool is_null(int column) const;

 private:
   sqlite3 *database_;
   sqlite3_stmt *statement_ = nullptr;
};

class Database {
 public:
   explicit Database(const std::filesystem::path &path); // created when missing
   ~Database();
   Database(const Database &) = delete;
   Database &operator=(const Database &) = delete;

   void execute(const std::string &sql); // one or more statements without parameters
   Statement prepare(const std::string &sql) { return Statement(handle_, sql); }
   std::int64_t last_insert_id() const;

 private:
   sqlite3 *handle_ = nullptr;
};

} // namespace memfrag::history
