# SPDX-License-Identifier: Apache-2.0
# The install layout (DESIGN.md "Deployment"): everything but the binaries' and plugins'
# own install() rules, which sit beside their targets. Paths written into installed files
# (the unit, the shipped configuration) follow CMAKE_INSTALL_PREFIX, /usr by default.

set(FRONTDESK_BINDIR ${CMAKE_INSTALL_FULL_BINDIR})
set(FRONTDESK_SYSCONFDIR ${CMAKE_INSTALL_FULL_SYSCONFDIR}/frontdesk)
# plugins/*/CMakeLists.txt install to lib/frontdesk/plugins: not the multiarch libdir.
set(FRONTDESK_PLUGINDIR ${CMAKE_INSTALL_PREFIX}/lib/frontdesk/plugins)
set(FRONTDESK_DATADIR ${CMAKE_INSTALL_FULL_DATADIR}/frontdesk)
set(FRONTDESK_DOCDIR ${CMAKE_INSTALL_FULL_DATADIR}/doc/frontdesk)
# systemd looks in /usr/lib for units, sysusers.d and tmpfiles.d, and in /lib on
# unmerged systems; prefix/lib covers /usr and /usr/local installs alike.
set(FRONTDESK_SYSTEMD_LIBDIR lib)

set(generated ${PROJECT_BINARY_DIR}/install)

# ---- configuration, rules, systemd -----------------------------------------------------

configure_file(${PROJECT_SOURCE_DIR}/packaging/frontdesk.yaml.in ${generated}/frontdesk.yaml @ONLY)
install(FILES ${generated}/frontdesk.yaml DESTINATION ${FRONTDESK_SYSCONFDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/rules/ DESTINATION ${CMAKE_INSTALL_DATADIR}/frontdesk/rules)
# The starter help center (en, es, tr): `frontdesk kb import --if-empty` it on a first start.
install(DIRECTORY ${PROJECT_SOURCE_DIR}/kb/starter/ DESTINATION ${CMAKE_INSTALL_DATADIR}/frontdesk/kb-starter)

configure_file(${PROJECT_SOURCE_DIR}/systemd/frontdeskd.service.in ${generated}/frontdeskd.service @ONLY)
configure_file(${PROJECT_SOURCE_DIR}/systemd/tmpfiles.d/frontdesk.conf.in ${generated}/tmpfiles.d/frontdesk.conf @ONLY)
install(FILES ${generated}/frontdeskd.service DESTINATION ${FRONTDESK_SYSTEMD_LIBDIR}/systemd/system)
install(FILES ${PROJECT_SOURCE_DIR}/systemd/sysusers.d/frontdesk.conf DESTINATION ${FRONTDESK_SYSTEMD_LIBDIR}/sysusers.d)
install(FILES ${generated}/tmpfiles.d/frontdesk.conf DESTINATION ${FRONTDESK_SYSTEMD_LIBDIR}/tmpfiles.d)

# ---- documentation: man pages, operations guide, Debian's changelog and copyright --------

find_program(FRONTDESK_GZIP gzip REQUIRED)
configure_file(${PROJECT_SOURCE_DIR}/packaging/debian/changelog.in ${generated}/changelog @ONLY)
set(compressed_docs)
# gzip -n: no name or time stamp inside, so the package is reproducible.
foreach(doc docs/man/frontdeskd.8 docs/man/frontdesk.1 changelog)
  get_filename_component(name ${doc} NAME)
  if(doc STREQUAL "changelog")
    set(source ${generated}/changelog)
  else()
    set(source ${PROJECT_SOURCE_DIR}/${doc})
  endif()
  add_custom_command(OUTPUT ${generated}/${name}.gz
    COMMAND ${FRONTDESK_GZIP} -9 -n -c ${source} > ${generated}/${name}.gz
    DEPENDS ${source}
    COMMENT "Compressing ${name}"
    VERBATIM)
  list(APPEND compressed_docs ${generated}/${name}.gz)
endforeach()
add_custom_target(frontdesk_docs ALL DEPENDS ${compressed_docs})
install(FILES ${generated}/frontdeskd.8.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man8)
install(FILES ${generated}/frontdesk.1.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
install(FILES ${generated}/changelog.gz ${PROJECT_SOURCE_DIR}/packaging/debian/copyright
              ${PROJECT_SOURCE_DIR}/docs/operations.md
              ${PROJECT_SOURCE_DIR}/systemd/bind-privileged-port.conf
        DESTINATION ${CMAKE_INSTALL_DOCDIR})

# ---- the plugin SDK: headers, CMake package (frontdesk::sdk) and pkg-config ---------------

target_compile_features(frontdesk_sdk INTERFACE cxx_std_20)
set_target_properties(frontdesk_sdk PROPERTIES EXPORT_NAME sdk)
install(TARGETS frontdesk_sdk EXPORT FrontdeskTargets)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/frontdesk/ DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/frontdesk)

# The SDK is headers only, so the package is architecture-independent: share/, not lib/.
set(cmake_package_dir ${CMAKE_INSTALL_DATADIR}/cmake/Frontdesk)
install(EXPORT FrontdeskTargets NAMESPACE frontdesk:: DESTINATION ${cmake_package_dir})
include(CMakePackageConfigHelpers)
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/FrontdeskConfig.cmake.in
  ${generated}/FrontdeskConfig.cmake
  INSTALL_DESTINATION ${cmake_package_dir}
  PATH_VARS CMAKE_INSTALL_INCLUDEDIR)
write_basic_package_version_file(${generated}/FrontdeskConfigVersion.cmake
  COMPATIBILITY SameMinorVersion
  ARCH_INDEPENDENT)
install(FILES ${generated}/FrontdeskConfig.cmake ${generated}/FrontdeskConfigVersion.cmake
        DESTINATION ${cmake_package_dir})

configure_file(${PROJECT_SOURCE_DIR}/cmake/frontdesk.pc.in ${generated}/frontdesk.pc @ONLY)
install(FILES ${generated}/frontdesk.pc DESTINATION ${CMAKE_INSTALL_DATADIR}/pkgconfig)
