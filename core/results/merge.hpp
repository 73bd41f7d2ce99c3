// Combining the parts of a sharded run matrix (`memfrag merge`) into the document one run of
// the whole matrix would have written.
#pragma once

#include "core/results/model.hpp"

#include <stdexcept>
#include <string>
#include <vector>

namespace memfrag::results {

// Parts that do not belong together; what() says which part and why.
class MergeError : public std::runtime_error {
 public:
   using std::runtime_error::runtime_error;
};

struct MergedDocument {
   Document document;
   std::vector<std::string> warnings; // parts ran on different environments, ...
};

// Checks that every part is a shard of the same matrix (same count, matrix identity and
// records), that the parts are disjoint and together cover 1..N, and that each run sits in its
// part's cells; then returns one document with the runs in the whole matrix's execution order,
// no shard, the first part's environment and command, and complete only when every part was.
// `names` label the parts in messages (file names).
MergedDocument merge_shards(const std::vector<Document> &parts,
                            const std::vector<std::string> &names);

} // namespace memfrag::results
