# `cmake --install`: headers, the libraries, the CLI, the worked specs, a CMake
# package (find_package(rewardkit)) and rewardkit.pc.
include(CMakePackageConfigHelpers)

set(RK_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/rewardkit)

# The static C++ core needs an exportable name for RE2, whichever way it was
# found; the package's config finds RE2 the same way again.
set_target_properties(rk_re2 PROPERTIES EXPORT_NAME re2_dependency)

install(TARGETS rewardkit rk rk_static rk_re2
  EXPORT rewardkitTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR} NAMELINK_COMPONENT Development
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/rewardkit ${PROJECT_SOURCE_DIR}/capi/include/rewardkit
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
if(TARGET rewardkit_cli)
  install(TARGETS rewardkit_cli RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
endif()
install(DIRECTORY ${PROJECT_SOURCE_DIR}/examples/specs/
  DESTINATION ${CMAKE_INSTALL_DATADIR}/rewardkit/specs FILES_MATCHING PATTERN "*.json")

install(EXPORT rewardkitTargets NAMESPACE rewardkit:: DESTINATION ${RK_CMAKE_DIR})
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/rewardkitConfig.cmake.in
  ${PROJECT_BINARY_DIR}/rewardkitConfig.cmake INSTALL_DESTINATION ${RK_CMAKE_DIR})
# 0.x: a minor version may break the API.
write_basic_package_version_file(${PROJECT_BINARY_DIR}/rewardkitConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/rewardkitConfig.cmake
  ${PROJECT_BINARY_DIR}/rewardkitConfigVersion.cmake DESTINATION ${RK_CMAKE_DIR})

configure_file(${PROJECT_SOURCE_DIR}/cmake/rewardkit.pc.in ${PROJECT_BINARY_DIR}/rewardkit.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/rewardkit.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
