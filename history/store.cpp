#include "history/store.hpp"

#include "core/results/json.hpp"
#include "reports/run_groups.hpp"

namespace memfrag::history {
namespace {

constexpr const char *kSchema = R"sql(
CREATE TABLE IF NOT EXISTS documents (
   id INTEGER PRIMARY KEY,
   created TEXT NOT NULL,
   source TEXT NOT NULL,
   label TEXT NOT NULL,
   memfrag_version TEXT NOT NULL,
   runs INTEGER NOT NULL,
   body TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS measurements (
   document_id INTEGER NOT NULL REFERENCES documents(id),
   plugin TEXT NOT NULL,
   workload TEXT NOT NULL,
   seed INTEGER NOT NULL,
   metric TEXT NOT NULL,
   better TEXT NOT NULL,
   ok_runs INTEGER NOT NULL,
   value REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS measurements_by_metric ON measurements (plugin, metric, workload);
)sql";

} // namespace

Store::Store(const std::filesystem::path &path) : database_(path) {
   database_.execute(kSchema);
}

std::int64_t Store::add(const results::Document &document, const std::string &source,
                        const std::string &label) {
   database_.execute("BEGIN");
   try {
      database_
          .prepare("INSERT INTO documents (created, source, label, memfrag_version, runs, body) "
                   "VALUES (?, ?, ?, ?, ?, ?)")
          .bind(1, document.created)
          .bind(2, source)
          .bind(3, label)
          .bind(4, document.memfrag_version)
          .bind(5, static_cast<std::int64_t>(document.runs.size()))
          .bind(6, results::to_json(document).dump())
          .run();
      const std::int64_t id = database_.last_insert_id();
      add_measurements(id, document);
      database_.execute("COMMIT");
      return id;
   } catch (...) {
      database_.execute("ROLLBACK");
      throw;
   }
}

void Store::add_measurements(std::int64_t document_id, const results::Document &document) {
   for (const reports::RunGroup &group : reports::group_runs(document)) {
      for (const reports::Metric &metric : reports::group_metrics(group)) {
         const std::string key = reports::metric_key(metric);
         const std::optional<double> value = reports::median_of(reports::metric_values(group, key));
         if (!value)
            continue;
         database_.prepare("INSERT INTO measurements VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
             .bind(1, document_id)
             .bind(2, group.plugin)
             .bind(3, group.workload)
             .bind(4, static_cast<std::int64_t>(group.seed))
             .bind(5, key)
             .bind(6, std::string(metric.better == reports::Better::higher ? "higher" : "lower"))
             .bind(7, static_cast<std::int64_t>(group.ok_runs.size()))
             .bind(8, *value)
             .run();
      }
   }
}

std::vector<StoredDocument> Store::list() {
   Statement query = database_.prepare(
       "SELECT id, created, source, memfrag_version, runs, label FROM documents ORDER BY id");
   std::vector<StoredDocument> documents;
   while (query.step())
      documents.push_back({query.integer(0), query.text(1), query.text(2), query.text(3),
                           static_cast<std::size_t>(query.integer(4)), query.text(5)});
   return documents;
}

std::optional<results::Document> Store::load(std::int64_t id) {
   Statement query = database_.prepare("SELECT body FROM documents WHERE id = ?");
   query.bind(1, id);
   if (!query.step())
      return std::nullopt;
   return results::document_from_text(query.text(0));
}

std::vector<TrendSeries> Store::trend(const std::string &plugin, const std::string &workload,
                                      const std::string &metric) {
   Statement query =
       database_.prepare("SELECT m.workload, m.seed, m.better, d.id, d.created, d.label, m.value "
                         "FROM measurements m JOIN documents d ON d.id = m.document_id "
                         "WHERE m.plugin = ? AND m.metric = ? AND (? = '' OR m.workload = ?) "
                         "ORDER BY m.workload, m.seed, d.id");
   query.bind(1, plugin).bind(2, metric).bind(3, workload).bind(4, workload);
   std::vector<TrendSeries> series;
   while (query.step()) {
      const std::string series_workload = query.text(0);
      const auto seed = static_cast<std::uint64_t>(query.integer(1));
      if (series.empty() || series.back().workload != series_workload || series.back().seed != seed)
         series.push_back({series_workload, seed, query.text(2), {}});
      series.back().points.push_back(
          {query.integer(3), query.text(4), query.text(5), query.real(6)});
   }
   return series;
}

std::vector<std::string> Store::metric_keys(const std::string &plugin) {
   Statement query = database_.prepare(
       "SELECT DISTINCT metric FROM measurements WHERE plugin = ? ORDER BY metric");
   query.bind(1, plugin);
   std::vector<std::string> keys;
   while (query.step())
      keys.push_back(query.text(0));
   return keys;
}

} // namespace memfrag::history
