# Installation for third parties: headers, the namespaced CMake package (memfrag::abi,
# memfrag::plugin_cpp, memfrag::core) with memfrag_add_plugin(), a pkg-config file, the plugin
# template and the C example plugin.
include(CMakePackageConfigHelpers)

set(MEMFRAG_CMAKE_PACKAGE_DIR "${CMAKE_INSTALL_LIBDIR}/cmake/memfrag")
# The core's own headers, included as "core/<layer>/<file>.hpp" below this directory.
set(MEMFRAG_CORE_INCLUDE_DIR "${CMAKE_INSTALL_INCLUDEDIR}/memfrag/host")

install(DIRECTORY include/memfrag DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY core/ DESTINATION ${MEMFRAG_CORE_INCLUDE_DIR}/core FILES_MATCHING PATTERN "*.hpp")
target_include_directories(memfrag_core INTERFACE
  $<INSTALL_INTERFACE:${MEMFRAG_CORE_INCLUDE_DIR}>)

install(TARGETS memfrag_abi memfrag_plugin_cpp memfrag_core EXPORT memfragTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(EXPORT memfragTargets NAMESPACE memfrag:: DESTINATION ${MEMFRAG_CMAKE_PACKAGE_DIR})

configure_package_config_file(cmake/memfragConfig.cmake.in
  "${CMAKE_CURRENT_BINARY_DIR}/memfragConfig.cmake"
  INSTALL_DESTINATION ${MEMFRAG_CMAKE_PACKAGE_DIR})
write_basic_package_version_file("${CMAKE_CURRENT_BINARY_DIR}/memfragConfigVersion.cmake"
  VERSION ${PROJECT_VERSION} COMPATIBILITY SameMajorVersion)
install(FILES
  "${CMAKE_CURRENT_BINARY_DIR}/memfragConfig.cmake"
  "${CMAKE_CURRENT_BINARY_DIR}/memfragConfigVersion.cmake"
  cmake/MemfragPlugin.cmake cmake/MemfragCheckExports.cmake cmake/memfrag-plugin.map
  DESTINATION ${MEMFRAG_CMAKE_PACKAGE_DIR})

configure_file(cmake/memfrag.pc.in "${CMAKE_CURRENT_BINARY_DIR}/memfrag.pc" @ONLY)
install(FILES "${CMAKE_CURRENT_BINARY_DIR}/memfrag.pc" DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)

install(DIRECTORY examples/plugin-template/ DESTINATION ${CMAKE_INSTALL_DATADIR}/memfrag/plugin-template)
install(DIRECTORY plugins/frame-stack/ examples/frame-stack/
  DESTINATION ${CMAKE_INSTALL_DATADIR}/memfrag/examples/frame-stack)
install(FILES docs/writing-a-plugin.md DESTINATION ${CMAKE_INSTALL_DOCDIR})
