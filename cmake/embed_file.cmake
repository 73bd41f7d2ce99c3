# Script mode of memfrag_embed_file (MemfragEmbed.cmake): INPUT's bytes as a char array, so that
# any content (quotes, backslashes, a ")" followed by a quote) survives, viewed as a string_view.
file(READ "${INPUT}" content HEX)
string(LENGTH "${content}" hex_length)
math(EXPR byte_count "${hex_length} / 2")
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "'\\\\x\\1'," bytes "${content}")
string(REGEX REPLACE "('\\\\x..',)('\\\\x..',)('\\\\x..',)('\\\\x..',)('\\\\x..',)('\\\\x..',)('\\\\x..',)('\\\\x..',)"
       "\\1\\2\\3\\4\\5\\6\\7\\8\n" bytes "${bytes}")
file(WRITE "${OUTPUT}" "// Generated from ${INPUT} by cmake/embed_file.cmake; do not edit.
#include <cstddef>
#include <string_view>

namespace ${NAMESPACE} {
namespace {
constexpr char kBytes[${byte_count} + 1] = {
${bytes}'\\0'};
} // namespace
extern const std::string_view ${SYMBOL}(kBytes, ${byte_count});
} // namespace ${NAMESPACE}
")
