// The JSON form of the result model (layout: docs/results.md, schema: docs/results.schema.json).
//
// Object keys are sorted by name, so that for the same inputs everything but the top-level
// `environment`, `created` and `command` and each run's `timing` is byte-identical. Reading is
// strict: a document memfrag wrote reads back equal; anything else is refused with the JSON
// pointer of the offending value.
#pragma once

#include "core/results/model.hpp"

#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string_view>

namespace memfrag::results {

// A results document that cannot be read. what() is one line: "results JSON: <pointer>: why".
class JsonFormatError : public std::runtime_error {
 public:
   using std::runtime_error::runtime_error;
};

nlohmann::json to_json(const Document &document);

// Throws JsonFormatError: a missing, unknown or mistyped field, or a schema_version this build
// does not read.
Document from_json(const nlohmann::json &json);

// One run alone, as it appears in a document's `runs`: how a run travels from the child process
// that executed it to the parent that assembles the document.
nlohmann::json run_to_json(const RunResult &run);
RunResult run_from_json(const nlohmann::json &json);

// A declared plugin parameter, as `memfrag list --json` shows it.
nlohmann::json param_schema_to_json(const ParamSchemaEntry &entry);

// Parses `text` and reads it with from_json; a JSON syntax error is a JsonFormatError too.
Document document_from_text(std::string_view text);

} // namespace memfrag::results
