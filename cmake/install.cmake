# `cmake --install build --prefix P`: P/bin/deblur, P/share/deblur/default.toml and a man page made from
# `deblur --help` by help2man; `cpack -G DEB` in build/ packs the same tree into a .deb.
include(GNUInstallDirs)
find_program(HELP2MAN help2man REQUIRED)

set(man_page ${PROJECT_BINARY_DIR}/deblur.1)
add_custom_command(
  OUTPUT ${man_page}
  COMMAND ${HELP2MAN} --no-info --section=1 --name "remove camera-shake blur from a photo"
          --output ${man_page} $<TARGET_FILE:deblur>
  DEPENDS deblur
  COMMENT "Generating the man page from deblur --help")
add_custom_target(man_page ALL DEPENDS ${man_page})

install(TARGETS deblur RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(FILES ${PROJECT_SOURCE_DIR}/assets/default.toml DESTINATION ${CMAKE_INSTALL_DATADIR}/deblur)
install(FILES ${man_page} DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME deblur)
set(CPACK_PACKAGE_CONTACT "deblur maintainers <deblur@example.org>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "removes camera-shake blur from a single photo (blind deconvolution)")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION graphics)
# Depends: the Debian packages of the shared libraries deblur actually links, found by dpkg-shlibdeps.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
include(CPack)
