#include "core/results/json.hpp"

#include "reports/reporter.hpp"

namespace memfrag::reports {

// The results JSON with 2-space indent; invalid UTF-8 in strings is replaced, not fatal.
std::string render_json(const results::Document &document) {
   return results::to_json(document).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) +
          "\n";
}

} // namespace memfrag::reports
