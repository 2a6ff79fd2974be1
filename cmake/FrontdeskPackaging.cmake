# SPDX-License-Identifier: Apache-2.0
# The Debian package: `cpack --config <build>/CPackConfig.cmake` in a build configured
# with the default /usr prefix writes frontdesk_<version>_amd64.deb.

set(deb_dir ${PROJECT_SOURCE_DIR}/packaging/debian)
set(deb_control ${PROJECT_BINARY_DIR}/install/debian)
file(MAKE_DIRECTORY ${deb_control})
# dpkg keeps an admin's edits to a conffile across upgrades and asks before replacing it.
file(WRITE ${deb_control}/conffiles "${FRONTDESK_SYSCONFDIR}/frontdesk.yaml\n")

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME frontdesk)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_VENDOR "The Frontdesk developers")
set(CPACK_PACKAGE_CONTACT "Frontdesk developers <frontdesk@lists.example.org>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "customer-support automation daemon")
set(CPACK_PACKAGE_DESCRIPTION
"Frontdesk turns messages from email, WhatsApp, SMS and a web form into
tickets in PostgreSQL, then assigns, prioritises, escalates and closes them
with YAML and Lua rules under SLA clocks. Channels are plugins; a REST API
serves agents and integrations.

This package holds the frontdeskd daemon with its systemd unit, the
frontdesk admin CLI, the shipped channel plugins, example rules and the
plugin SDK headers for building channel plugins out of tree.")
# Absolute destinations (/etc/frontdesk) must land in the package, not on the build host.
set(CPACK_SET_DESTDIR ON)
set(CPACK_PACKAGING_INSTALL_PREFIX ${CMAKE_INSTALL_PREFIX})
set(CPACK_STRIP_FILES ON)

set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_COMPRESSION_TYPE xz)
# Library dependencies come from dpkg-shlibdeps; these are what the package runs besides:
# the embedded default's PostgreSQL server and the tools the maintainer scripts call
# (deb-systemd-invoke comes from init-system-helpers, which is essential).
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "postgresql-15, systemd-sysusers, systemd-tmpfiles")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
    ${deb_dir}/postinst ${deb_dir}/prerm ${deb_dir}/postrm ${deb_control}/conffiles)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)

include(CPack)
