# mlt_warnings(target): strict warnings for our own code only.
function(mlt_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow
    -Wnon-virtual-dtor -Wcast-align -Woverloaded-virtual -Wno-unused-parameter)
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    # GCC 12 reports false positives from libstdc++'s string code at -O2/-O3.
    target_compile_options(${target} PRIVATE -Wno-restrict -Wno-stringop-overflow)
  endif()
  if(MLT_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()

# mlt_module(name DEPS ...): one static library per folder of src/.
function(mlt_module name)
  cmake_parse_arguments(ARG "" "" "DEPS" ${ARGN})
  file(GLOB srcs CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*.cpp)
  if(NOT srcs)  # a module that is headers only so far
    add_library(mlt_${name} INTERFACE)
    target_include_directories(mlt_${name} INTERFACE ${PROJECT_SOURCE_DIR}/src)
    target_link_libraries(mlt_${name} INTERFACE ${ARG_DEPS})
    return()
  endif()
  add_library(mlt_${name} STATIC ${srcs})
  target_include_directories(mlt_${name} PUBLIC ${PROJECT_SOURCE_DIR}/src)
  target_link_libraries(mlt_${name} PUBLIC ${ARG_DEPS})
  mlt_warnings(mlt_${name})
endfunction()
