#include "history/sqlite.hpp"

#include <sqlite3.h>

namespace memfrag::history {
namespace {

void check(sqlite3 *database, int code, const char *what) {
   if (code != SQLITE_OK && code != SQLITE_ROW && code != SQLITE_DONE)
      throw StoreError(std::string(what) + ": " + sqlite3_errmsg(database));
}

} // namespace

Statement::Statement(sqlite3 *database, const std::string &sql) : database_(database) {
   check(database_, sqlite3_prepare_v2(database_, sql.c_str(), -1, &statement_, nullptr),
         "prepare");
}

Statement::~Statement() {
   sqlite3_finalize(statement_);
}

Statement &Statement::bind(int index, const std::string &text) {
   check(database_,
         sqlite3_bind_text(statement_, index, text.c_str(), static_cast<int>(text.size()),
                           SQLITE_TRANSIENT),
         "bind");
   return *this;
}

Statement &Statement::bind(int index, std::int64_t number) {
   check(database_, sqlite3_bind_int64(statement_, index, number), "bind");
   return *this;
}

Statement &Statement::bind(int index, double number) {
   check(database_, sqlite3_bind_double(statement_, index, number), "bind");
   return *this;
}

Statement &Statement::bind_null(int index) {
   check(database_, sqlite3_bind_null(statement_, index), "bind");
   return *this;
}

bool Statement::step() {
   const int code = sqlite3_step(statement_);
   check(database_, code, "step");
   return code == SQLITE_ROW;
}

void Statement::run() {
   while (step()) {
   }
}

std::int64_t Statement::integer(int column) const {
   return sqlite3_column_int64(statement_, column);
}

double Statement::real(int column) const {
   return sqlite3_column_double(statement_, column);
}

std::string Statement::text(int column) const {
   const unsigned char *value = sqlite3_column_text(statement_, column);
   return value ? std::string(reinterpret_cast<const char *>(value),
                              static_cast<std::size_t>(sqlite3_column_bytes(statement_, column)))
                : std::string();
}

bool Statement::is_null(int column) const {
   return sqlite3_column_type(statement_, column) == SQLITE_NULL;
}

Database::Database(const std::filesystem::path &path) {
   const int code = sqlite3_open(path.c_str(), &handle_);
   if (code != SQLITE_OK) {
      const std::string message = handle_ ? sqlite3_errmsg(handle_) : "out of memory";
      sqlite3_close(handle_);
      throw StoreError(path.string() + ": " + message);
   }
}

Database::~Database() {
   sqlite3_close(handle_);
}

void Database::execute(const std::string &sql) {
   char *message = nullptr;
   if (sqlite3_exec(handle_, sql.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
      const std::string text = message ? message : "unknown error";
      sqlite3_free(message);
      throw StoreError(text);
   }
}

std::int64_t Database::last_insert_id() const {
   return sqlite3_last_insert_rowid(handle_);
}

} // namespace memfrag::history
