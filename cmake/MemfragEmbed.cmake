# Compiles a text file into a target: memfrag_embed_file(<target> <file> <namespace> <symbol>)
# generates a C++ source that defines `extern const std::string_view <namespace>::<symbol>` with
# the file's bytes, regenerated whenever the file changes. Used for what the HTML report inlines.
set(MEMFRAG_EMBED_SCRIPT "${CMAKE_CURRENT_LIST_DIR}/embed_file.cmake")

function(memfrag_embed_file target file namespace symbol)
  get_filename_component(input "${file}" ABSOLUTE)
  set(output "${CMAKE_CURRENT_BINARY_DIR}/embedded/${symbol}.cpp")
  add_custom_command(
    OUTPUT "${output}"
    COMMAND ${CMAKE_COMMAND} -DINPUT=${input} -DOUTPUT=${output} -DNAMESPACE=${namespace}
            -DSYMBOL=${symbol} -P "${MEMFRAG_EMBED_SCRIPT}"
    DEPENDS "${input}" "${MEMFRAG_EMBED_SCRIPT}"
    COMMENT "Embedding ${file}"
    VERBATIM)
  target_sources(${target} PRIVATE "${output}")
endfunction()
