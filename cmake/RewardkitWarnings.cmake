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
  if(RK_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
