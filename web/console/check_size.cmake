# The console's gzipped JavaScript, printed at every build and refused above LIMIT bytes.
file(SIZE ${GZ} size)
math(EXPR kib "${size} / 1024")
message(STATUS "console.js: ${size} bytes gzipped (${kib} KiB; budget ${LIMIT})")
if(size GREATER LIMIT)
  message(FATAL_ERROR "console.js is ${size} bytes gzipped, over the budget of ${LIMIT}")
endif()
file(WRITE ${OUT} "${size}\n")
