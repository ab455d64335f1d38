# The Debian package (scripts/package, docs/operations.md): the executable, the systemd units
# for the server and the worker, the default settings in /etc/citizenfocus, and the docs. The
# maintainer scripts in packaging/debian make the service's own user and its state folder.
include(GNUInstallDirs)
install(TARGETS citizenfocus RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(FILES ${PROJECT_SOURCE_DIR}/packaging/citizenfocus.service
              ${PROJECT_SOURCE_DIR}/packaging/citizenfocus-worker.service
              ${PROJECT_SOURCE_DIR}/packaging/citizenfocus-purge.service
              ${PROJECT_SOURCE_DIR}/packaging/citizenfocus-purge.timer
        DESTINATION lib/systemd/system)  # under /usr: Debian 12's systemd reads both
# Absolute: the settings live in /etc whatever the prefix (dpkg keeps a force's changes to them).
install(FILES ${PROJECT_SOURCE_DIR}/packaging/citizenfocus.toml DESTINATION /etc/citizenfocus)
install(FILES ${PROJECT_SOURCE_DIR}/packaging/citizenfocus.env DESTINATION /etc/citizenfocus
        PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ)
install(FILES ${PROJECT_SOURCE_DIR}/README.md ${PROJECT_SOURCE_DIR}/docs/operations.md
              ${PROJECT_SOURCE_DIR}/docs/postgresql.md ${PROJECT_SOURCE_DIR}/docs/security.md
        DESTINATION ${CMAKE_INSTALL_DOCDIR})

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME citizenfocus)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT "Citizen Focus maintainers <citizenfocus@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "keep victims and witnesses informed under the Victims' Code, and prove it")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION misc)
set(CPACK_STRIP_FILES ON)  # no debug information in the installed executable
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)  # Depends: from the libraries the executable links
set(CPACK_DEBIAN_PACKAGE_DEPENDS "adduser")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
    ${PROJECT_SOURCE_DIR}/packaging/debian/conffiles ${PROJECT_SOURCE_DIR}/packaging/debian/postinst
    ${PROJECT_SOURCE_DIR}/packaging/debian/prerm ${PROJECT_SOURCE_DIR}/packaging/debian/postrm)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
include(CPack)
