# SPDX-License-Identifier: Apache-2.0
# Turns the schema's SQL into a C++ source with each file's bytes as a char array, so the
# binary carries its schema: daemon/storage/migrations/NNNN_name.sql (numbered migrations),
# migrations/squashed.txt (the migrations a baseline replaced) and daemon/storage/sql/name.sql
# (definitions: functions, triggers, views). Run at build time:
#   cmake -DMIGRATIONS_DIR=<dir> -DDEFINITIONS_DIR=<dir> -DOUTPUT=<file.cpp> -P embed_migrations.cmake
cmake_minimum_required(VERSION 3.25)

# Appends to `arrays` a char array named `symbol` holding the bytes of `path`.
function(embed_file path symbol)
  file(READ "${path}" hex HEX)
  string(LENGTH "${hex}" hex_length)
  set(bytes "")
  set(pos 0)
  while(pos LESS hex_length)  # 16 bytes a line
    string(SUBSTRING "${hex}" ${pos} 32 chunk)
    # Character literals, not integers: 0x80..0xff would be narrowing in a char array.
    string(REGEX REPLACE "([0-9a-f][0-9a-f])" "'\\\\x\\1'," chunk "${chunk}")
    string(APPEND bytes "    ${chunk}\n")
    math(EXPR pos "${pos} + 32")
  endwhile()
  get_filename_component(file "${path}" NAME)
  set(arrays "${arrays}// ${file}\nconstexpr char ${symbol}[] = {\n${bytes}    '\\0'};\n\n" PARENT_SCOPE)
endfunction()

set(arrays "")

file(GLOB files LIST_DIRECTORIES false "${MIGRATIONS_DIR}/*.sql")
list(SORT files)
set(migrations "")
set(versions "")
set(index 0)
foreach(path IN LISTS files)
  get_filename_component(file "${path}" NAME)
  if(NOT file MATCHES "^([0-9]+)_([A-Za-z0-9_-]+)\\.sql$")
    message(FATAL_ERROR "${path}: a migration file must be named NNNN_name.sql (name: letters, digits, '_' or '-')")
  endif()
  set(name "${CMAKE_MATCH_2}")
  string(REGEX REPLACE "^0+([0-9])" "\\1" version "${CMAKE_MATCH_1}")
  if(version EQUAL 0)
    message(FATAL_ERROR "${path}: migration versions start at 1")
  endif()
  if(version IN_LIST versions)
    message(FATAL_ERROR "${path}: another migration already has version ${version}")
  endif()
  list(APPEND versions ${version})
  embed_file("${path}" kMigration${index})
  string(APPEND migrations "    {${version}, \"${name}\", std::string_view(kMigration${index}, sizeof kMigration${index} - 1)},\n")
  math(EXPR index "${index} + 1")
endforeach()

# One "NNNN name checksum" line per squashed migration; '#' starts a comment line.
set(squashed "")
if(EXISTS "${MIGRATIONS_DIR}/squashed.txt")
  file(STRINGS "${MIGRATIONS_DIR}/squashed.txt" lines)
  foreach(line IN LISTS lines)
    if(line MATCHES "^#" OR line STREQUAL "")
      continue()
    endif()
    if(NOT line MATCHES "^([0-9]+) ([A-Za-z0-9_-]+) ([0-9a-f]+)$")
      message(FATAL_ERROR "${MIGRATIONS_DIR}/squashed.txt: '${line}' is not 'NNNN name sha256'")
    endif()
    set(name "${CMAKE_MATCH_2}")
    set(checksum "${CMAKE_MATCH_3}")
    string(REGEX REPLACE "^0+([0-9])" "\\1" version "${CMAKE_MATCH_1}")
    string(APPEND squashed "    {${version}, \"${name}\", \"${checksum}\"},\n")
  endforeach()
endif()

file(GLOB files LIST_DIRECTORIES false "${DEFINITIONS_DIR}/*.sql")
list(SORT files)
set(definitions "")
set(index 0)
foreach(path IN LISTS files)
  get_filename_component(file "${path}" NAME)
  # Lower case: the file names the function or view it defines, as PostgreSQL folds it.
  if(NOT file MATCHES "^([a-z_][a-z0-9_]*)\\.sql$")
    message(FATAL_ERROR "${path}: a definition file must be named after what it defines: name.sql (lower-case letters, digits, '_')")
  endif()
  embed_file("${path}" kDefinition${index})
  string(APPEND definitions "    {\"${CMAKE_MATCH_1}\", std::string_view(kDefinition${index}, sizeof kDefinition${index} - 1)},\n")
  math(EXPR index "${index} + 1")
endforeach()

# An empty list still needs one element to declare an array; the span leaves it out.
function(table type name rows)
  if(rows STREQUAL "")
    set(table_text "constexpr std::span<const ${type}> ${name};\n\n" PARENT_SCOPE)
  else()
    set(table_text "constexpr ${type} ${name}[] = {\n${rows}};\n\n" PARENT_SCOPE)
  endif()
endfunction()
table(Migration kMigrations "${migrations}")
set(tables "${table_text}")
table(SquashedMigration kSquashed "${squashed}")
string(APPEND tables "${table_text}")
table(Definition kDefinitions "${definitions}")
string(APPEND tables "${table_text}")

string(CONCAT content
  "// Generated from daemon/storage/migrations/ and daemon/storage/sql/ by embed_migrations.cmake; do not edit.\n"
  "#include \"storage/migrations.hpp\"\n\nnamespace frontdesk::storage {\n\nnamespace {\n\n${arrays}${tables}}  // namespace\n\n"
  "Schema builtin_schema() { return {kMigrations, kDefinitions, kSquashed}; }\n\n"
  "}  // namespace frontdesk::storage\n")
file(WRITE "${OUTPUT}.tmp" "${content}")
file(COPY_FILE "${OUTPUT}.tmp" "${OUTPUT}" ONLY_IF_DIFFERENT)
file(REMOVE "${OUTPUT}.tmp")
