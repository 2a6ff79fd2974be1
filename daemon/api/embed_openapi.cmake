# SPDX-License-Identifier: Apache-2.0
# Writes OUTPUT: a C++ file defining openapi_document() with the text of INPUT.
file(READ ${INPUT} text)
string(FIND "${text}" ")openapi\"" clash)
if(NOT clash EQUAL -1)
  message(FATAL_ERROR "${INPUT} contains the raw-string delimiter )openapi\"")
endif()
file(WRITE ${OUTPUT}.tmp "// Generated from daemon/api/openapi.json; do not edit.\n"
  "#include \"api/openapi.hpp\"\n\nnamespace frontdesk::api {\n\n"
  "std::string_view openapi_document() {\n  static constexpr std::string_view kText = R\"openapi(${text})openapi\";\n"
  "  return kText;\n}\n\n}  // namespace frontdesk::api\n")
file(COPY_FILE ${OUTPUT}.tmp ${OUTPUT} ONLY_IF_DIFFERENT)
