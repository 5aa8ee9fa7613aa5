# `cmake --install build --prefix P`: P/bin/deblur, a man page made from `deblur --help` by help2man, and
# in P/share/doc/deblur the copyright, changelog and the default configuration as an example (deblur
# reads no configuration file unless given --config). `cpack -G DEB` in build/ packs the same tree
# into a .deb that lintian passes without errors.
include(GNUInstallDirs)
find_program(HELP2MAN help2man REQUIRED)
find_program(GZIP gzip REQUIRED)
set(DEBLUR_MAINTAINER "deblur maintainers <deblur@example.org>" CACHE STRING
    "the .deb's Maintainer, name <address>: set the project's real address when packaging for others")

set(man_page ${PROJECT_BINARY_DIR}/deblur.1)
add_custom_command(
  OUTPUT ${man_page}
  COMMAND ${HELP2MAN} --no-info --section=1 --name "remove camera-shake blur from a photo"
          --output ${man_page} $<TARGET_FILE:deblur>
  DEPENDS deblur
  COMMENT "Generating the man page from deblur --help")
# Debian policy: man pages and changelogs gzip-compressed, -n so the bytes do not depend on the time.
add_custom_command(
  OUTPUT ${man_page}.gz
  COMMAND ${GZIP} -9 -n -c ${man_page} > ${man_page}.gz
  DEPENDS ${man_page})
configure_file(${CMAKE_CURRENT_LIST_DIR}/debian/changelog.in ${PROJECT_BINARY_DIR}/changelog @ONLY)
add_custom_command(
  OUTPUT ${PROJECT_BINARY_DIR}/changelog.gz
  COMMAND ${GZIP} -9 -n -c ${PROJECT_BINARY_DIR}/changelog > ${PROJECT_BINARY_DIR}/changelog.gz
  DEPENDS ${PROJECT_BINARY_DIR}/changelog)
add_custom_target(man_page ALL DEPENDS ${man_page} ${man_page}.gz ${PROJECT_BINARY_DIR}/changelog.gz)

install(TARGETS deblur RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(FILES ${man_page}.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
set(doc ${CMAKE_INSTALL_DATADIR}/doc/deblur)
install(FILES ${CMAKE_CURRENT_LIST_DIR}/debian/copyright ${PROJECT_BINARY_DIR}/changelog.gz DESTINATION ${doc})
install(FILES ${PROJECT_SOURCE_DIR}/assets/default.toml DESTINATION ${doc}/examples RENAME config.toml)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME deblur)
set(CPACK_PACKAGE_CONTACT "${DEBLUR_MAINTAINER}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "removes camera-shake blur from a single photo (blind deconvolution)")
set(CPACK_PACKAGE_DESCRIPTION "deblur estimates the blur kernel of a photo shaken during the exposure
and deconvolves the photo with it. It reads PNG, JPEG, TIFF, BMP, WebP and PNM,
keeps colour, 16-bit depth and alpha, and refuses bad input with one line
naming the problem.")
set(CPACK_STRIP_FILES ON)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION graphics)
# Depends: the Debian packages of the shared libraries deblur actually links, found by dpkg-shlibdeps.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
include(CPack)
