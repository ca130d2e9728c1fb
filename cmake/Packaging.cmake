# Install rules for what is not a target of a subfolder, and the Debian package (CPack). The layout follows the
# freedesktop and Debian conventions under the install prefix:
#   bin/voxellens, bin/voxellens-full                      (app/CMakeLists.txt)
#   share/voxellens/plugins/                               the demo model bundles (core/ml/BundleCatalog.h finds
#                                                          them relative to the executable)
#   share/applications/voxellens.desktop, share/metainfo/, share/icons/hicolor/...
#   share/doc/voxellens/                                   README, user guide, plugin guide
# Every library of the project is static and every third-party library comes from Debian's standard library
# folders, so the installed executables carry no RUNPATH (CMake drops the build tree's on install).
# The demo brain and its atlases are Debian's mricron-data (core/io/TemplateFolder.h): a package dependency,
# not installed files. The demo study is written into the user's cache on first use.

install(DIRECTORY ${PROJECT_SOURCE_DIR}/plugins/ DESTINATION ${VOXELLENS_INSTALL_DATADIR}/plugins
        PATTERN "__pycache__" EXCLUDE)
install(FILES ${PROJECT_SOURCE_DIR}/resources/voxellens.desktop DESTINATION ${CMAKE_INSTALL_DATADIR}/applications)
install(FILES ${PROJECT_SOURCE_DIR}/resources/io.github.voxellens.VoxelLens.metainfo.xml
        DESTINATION ${CMAKE_INSTALL_DATADIR}/metainfo)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/resources/icons/hicolor DESTINATION ${CMAKE_INSTALL_DATADIR}/icons)
install(FILES ${PROJECT_SOURCE_DIR}/README.md ${PROJECT_SOURCE_DIR}/docs/user-guide.md
        DESTINATION ${CMAKE_INSTALL_DOCDIR})

# ---- the .deb: packaging/dev.sh package, or `cpack` in the build folder after building voxellens ----
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME voxellens)
set(CPACK_PACKAGE_VENDOR "VoxelLens")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "explore visual cortex selectivity on brain surfaces")
# One string (a CMake list would put ';' into the control file); CPack indents each line for the control file.
string(CONCAT CPACK_PACKAGE_DESCRIPTION
  "VoxelLens shows FreeSurfer surfaces, volumes and fMRI maps of visual cortex\n"
  "and explains them with encoding models: which images, categories and words\n"
  "each region prefers, optimal stimuli synthesised for a region, and which\n"
  "image a brain response came from. It opens FreeSurfer and Natural Scenes\n"
  "Dataset subjects, runs TorchScript model bundles on the CPU and exports\n"
  "figures as PNG, SVG or PDF from the window or the command line. A demo\n"
  "brain, a simulated demo subject and demo model bundles are included.")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)  # voxellens_<version>_<arch>.deb
set(CPACK_DEBIAN_PACKAGE_SECTION science)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(VOXELLENS_PACKAGE_MAINTAINER "VoxelLens maintainers <maintainers@voxellens.invalid>"
    CACHE STRING "Maintainer field of the .deb (name <address>)")
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${VOXELLENS_PACKAGE_MAINTAINER}")
# The shared libraries the executables link (Qt 6, VTK, ITK, LibTorch, HDF5, ...) become Depends through
# dpkg-shlibdeps (dpkg-dev). What is loaded at run time without being linked is listed by hand: the demo brain
# (mricron-data), Qt's platform plugins (the window), and the threaded OpenBLAS, without which LibTorch falls
# back to the reference BLAS behind libblas.so.3 (about ten times slower).
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "mricron-data, qt6-qpa-plugins, libopenblas0-pthread | libopenblas0")
# Software OpenGL for machines without a GPU driver, and a font for the window's text on a minimal system.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "libgl1-mesa-dri, fonts-dejavu-core")
set(CPACK_DEBIAN_COMPRESSION_TYPE xz)
set(CPACK_STRIP_FILES ON)
set(CPACK_PACKAGE_DIRECTORY ${PROJECT_BINARY_DIR}/package)
# Packaging installs what is built; it does not build the test suites first (packaging/dev.sh package builds
# the two executables, then runs cpack).
set(CMAKE_SKIP_INSTALL_ALL_DEPENDENCY TRUE)
include(CPack)
