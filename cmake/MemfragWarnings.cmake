# Compiler warnings for every memfrag target; MEMFRAG_WERROR turns them into errors (CI does).
add_library(memfrag_warnings INTERFACE)
target_compile_options(memfrag_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wno-sign-conversion
  $<$<BOOL:${MEMFRAG_WERROR}>:-Werror>)

if(MEMFRAG_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
endif()
