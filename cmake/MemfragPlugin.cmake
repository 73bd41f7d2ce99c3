# memfrag_add_plugin(<target> SOURCES <files...>)
#
# Builds a memfrag plugin: a MODULE library that exports only the entry symbol
# `memfrag_plugin_entry` (everything else is hidden by a version script), and checks after the
# link that nothing else is exported.
set(MEMFRAG_PLUGIN_CMAKE_DIR "${CMAKE_CURRENT_LIST_DIR}")

function(memfrag_add_plugin target)
  cmake_parse_arguments(ARG "" "OUTPUT_DIRECTORY" "SOURCES" ${ARGN})
  add_library(${target} MODULE ${ARG_SOURCES})
  set_target_properties(${target} PROPERTIES
    PREFIX "lib"
    C_VISIBILITY_PRESET hidden
    CXX_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON)
  if(ARG_OUTPUT_DIRECTORY)
    set_target_properties(${target} PROPERTIES LIBRARY_OUTPUT_DIRECTORY "${ARG_OUTPUT_DIRECTORY}")
  endif()
  target_link_options(${target} PRIVATE
    "-Wl,--version-script=${MEMFRAG_PLUGIN_CMAKE_DIR}/memfrag-plugin.map" "-Wl,--no-undefined")
  if(TARGET memfrag::abi)
    target_link_libraries(${target} PRIVATE memfrag::abi)
  endif()
  add_custom_command(TARGET ${target} POST_BUILD
    COMMAND ${CMAKE_COMMAND} -DPLUGIN=$<TARGET_FILE:${target}>
            -P "${MEMFRAG_PLUGIN_CMAKE_DIR}/MemfragCheckExports.cmake"
    VERBATIM)
endfunction()
