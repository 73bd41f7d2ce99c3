// Escaping text for XML and HTML documents (JUnit reports, the HTML report).
#pragma once

#include <string>
#include <string_view>

namespace memfrag::reports {

// `text` with &, <, >, " and ' replaced by entities valid in XML and in HTML alike.
std::string markup_escaped(std::string_view text);

} // namespace memfrag::reports
