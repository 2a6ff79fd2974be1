# Turns daemon/storage/migrations/NNNN_name.sql into a C++ source with each file's bytes
# as a char array, so the binary carries its schema. Run at build time:
#   cmake -DSOURCE_DIR=<migrations dir> -DOUTPUT=<file.cpp> -P embed_migrations.cmake
cmake_minimum_required(VERSION 3.25)

file(GLOB files LIST_DIRECTORIES false "${SOURCE_DIR}/*.sql")
list(SORT files)

set(arrays "")
set(entries "")
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
  string(APPEND arrays "// ${file}\nconstexpr char kSql${index}[] = {\n${bytes}    '\\0'};\n\n")
  string(APPEND entries "    {${version}, \"${name}\", std::string_view(kSql${index}, sizeof kSql${index} - 1)},\n")
  math(EXPR index "${index} + 1")
endforeach()

if(index EQUAL 0)
  set(body "std::span<const Migration> builtin_migrations() { return {}; }\n")
else()
  string(CONCAT body "namespace {\n\n${arrays}constexpr Migration kMigrations[] = {\n${entries}};\n\n}  // namespace\n\n"
           "std::span<const Migration> builtin_migrations() { return kMigrations; }\n")
endif()

string(CONCAT content "// Generated from daemon/storage/migrations/*.sql by embed_migrations.cmake; do not edit.\n"
            "#include \"storage/migrations.hpp\"\n\nnamespace frontdesk::storage {\n\n${body}\n"
            "}  // namespace frontdesk::storage\n")
file(WRITE "${OUTPUT}.tmp" "${content}")
file(COPY_FILE "${OUTPUT}.tmp" "${OUTPUT}" ONLY_IF_DIFFERENT)
file(REMOVE "${OUTPUT}.tmp")
