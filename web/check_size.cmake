# SPDX-License-Identifier: Apache-2.0
# A bundle's gzipped size (NAME, the file GZ), printed at every build, written to OUT and
# refused above LIMIT bytes: the console before the inbox shows, the widget's first load.
file(SIZE ${GZ} size)
math(EXPR kib "${size} / 1024")
message(STATUS "${NAME}: ${size} bytes gzipped (${kib} KiB; budget ${LIMIT})")
if(size GREATER LIMIT)
  message(FATAL_ERROR "${NAME} is ${size} bytes gzipped, over the budget of ${LIMIT}")
endif()
file(WRITE ${OUT} "${size}\n")
