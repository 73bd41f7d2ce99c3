// Several documents side by side in one report (`memfrag report a.json b.json`): not the parts
// of one matrix (that is merge.hpp) but any documents, e.g. a baseline and a candidate.
#pragma once

#include "core/results/model.hpp"

#include <string>
#include <vector>

namespace memfrag::results {

// One document holding every input's plugins, workloads and runs. A plugin or workload whose
// key is taken by a different record (another file hash, other parameters) is renamed
// "<key>@<label>" with the input's label, so a baseline and a candidate show as two columns.
// Environment, command and creation time are the first input's; seeds are the union; repeat
// the largest; complete only when every input is.
Document combine_documents(const std::vector<Document> &inputs,
                           const std::vector<std::string> &labels);

} // namespace memfrag::results
