# Compiler warnings for every memfrag target; MEMFRAG_WERROR turns them into errors (CI does).
add_library(memfrag_warnings INTERFACE)
target_compile_options(memfrag_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wno-sign-conversion
  $<$<BOOL:${MEMFRAG_WERROR}>:-Werror>)
# GCC 12 at -O3 reports -Wrestrict on std::string concatenation inside libstdc++ itself (GCC bug
# 105329), a false positive that the Release build of `scripts/setup demo` would show.
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
  target_compile_options(memfrag_warnings INTERFACE $<$<COMPILE_LANGUAGE:CXX>:-Wno-restrict>)
endif()

if(MEMFRAG_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
endif()
