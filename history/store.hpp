// The history store: results documents kept in one SQLite file (no server), with each
// benchmark's headline metrics indexed so that a metric's trend over the stored documents is
// one query. Schema: docs/reports.md.
#pragma once

#include "core/results/model.hpp"
#include "history/sqlite.hpp"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace memfrag::history {

struct StoredDocument {
   std::int64_t id = 0;
   std::string created; // the document's creation time
   std::string source;  // the file it was added from
   std::string memfrag_version;
   std::size_t runs = 0;
   std::string label; // free text given at `history add` (a commit, a branch)
};

// One stored value of a metric: the median over a benchmark's ok runs in one document.
struct TrendPoint {
   std::int64_t document_id = 0;
   std::string created, label;
   double value = 0;
};

struct TrendSeries {
   std::string workload;
   std::uint64_t seed = 0;
   std::string better;             // "higher" or "lower"
   std::vector<TrendPoint> points; // oldest first
};

class Store {
 public:
   explicit Store(const std::filesystem::path &path); // created when missing

   std::int64_t add(const results::Document &document, const std::string &source,
                    const std::string &label);
   std::vector<StoredDocument> list();
   std::optional<results::Document> load(std::int64_t id);

   // The metric (a key such as "unusable_index_order_3") of `plugin`, per workload and seed;
   // only `workload`'s when it is not empty.
   std::vector<TrendSeries> trend(const std::string &plugin, const std::string &workload,
                                  const std::string &metric);
   // The metric keys stored for `plugin`, sorted: what `trend` can be asked for.
   std::vector<std::string> metric_keys(const std::string &plugin);

 private:
   void add_measurements(std::int64_t document_id, const results::Document &document);
   Database database_;
};

} // namespace memfrag::history
