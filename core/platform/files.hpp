// Writing files so that readers never see half of one: every results file goes through here.
#pragma once

#include <filesystem>
#include <string_view>

namespace memfrag::platform {

// Replaces `path` with `bytes` atomically: the bytes go to a temporary file in the same
// directory, which is flushed to disk and renamed over `path`; the directory is then flushed
// so the rename survives a crash. On failure the temporary file is removed, `path` is left as
// it was, and std::system_error names the file and the failing step. The new file's mode is
// 0666 less the umask, as for any created file.
void write_file_atomically(const std::filesystem::path &path, std::string_view bytes);

} // namespace memfrag::platform
