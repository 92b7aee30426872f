# Strict warnings for rewardkit's own targets; dependencies are not affected.
function(rk_set_warnings target)
  target_compile_options(${target} PRIVATE
    -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion
    -Wnon-virtual-dtor -Wold-style-cast -Wcast-align -Woverloaded-virtual
    -Wimplicit-fallthrough -Wnull-dereference -Wdouble-promotion -Wformat=2)
  if(RK_SANITIZE AND CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    # GCC 12's -Wmaybe-uninitialized misfires under ASan instrumentation
    # (inside libstdc++'s <regex> and <functional>); the plain build keeps it.
    target_compile_options(${target} PRIVATE -Wno-maybe-uninitialized)
  endif()
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 14)
    # GCC 12 and 13's -Wrestrict misfires inside libstdc++'s std::string
    # once -O3 inlines it ("accessing 9223372036854775810 or more bytes"; GCC
    # bug 105329): with -Werror, a Release build would not build at all.
    target_compile_options(${target} PRIVATE -Wno-restrict)
  endif()
  if(RK_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
