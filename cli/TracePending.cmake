# Temporary: builds `memfrag trace` as its own executable until the memfrag executable exists.
# Included only from tests/trace/CMakeLists.txt.
add_executable(memfrag-trace-pending
  ${CMAKE_SOURCE_DIR}/cli/trace_main_pending.cpp
  ${CMAKE_SOURCE_DIR}/cli/trace_command.cpp)
target_link_libraries(memfrag-trace-pending PRIVATE memfrag::core CLI11::CLI11 memfrag_warnings)
