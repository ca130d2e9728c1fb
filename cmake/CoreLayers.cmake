# voxellens_core_library(NAME [FOLDERS f ...] [USES lib ...]): the library voxellens_NAME from every .cpp of the
# given folders of core/ (default: core/NAME), linking the libraries it USES (their short names). What a library
# may include is its own folders and those of everything it uses, directly or not; voxellens_check_layering()
# turns that into a build step that fails on any other include (cmake/CheckLayering.cmake).
function(voxellens_core_library name)
  cmake_parse_arguments(PARSE_ARGV 1 arg "" "" "FOLDERS;USES")
  if(NOT arg_FOLDERS)
    set(arg_FOLDERS ${name})
  endif()
  set(sources)
  foreach(folder IN LISTS arg_FOLDERS)
    file(GLOB found CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/core/${folder}/*.cpp)
    list(APPEND sources ${found})
  endforeach()
  set(allowed ${arg_FOLDERS})
  set(links)
  foreach(used IN LISTS arg_USES)
    if(NOT TARGET voxellens_${used})
      message(FATAL_ERROR "core library ${name} uses ${used}, which is not declared before it")
    endif()
    get_property(used_allowed GLOBAL PROPERTY VOXELLENS_LAYER_ALLOWED_${used})
    list(APPEND allowed ${used_allowed})
    list(APPEND links voxellens_${used})
  endforeach()
  list(REMOVE_DUPLICATES allowed)
  set_property(GLOBAL PROPERTY VOXELLENS_LAYER_ALLOWED_${name} ${allowed})
  if(sources)
    add_library(voxellens_${name} STATIC ${sources})
    target_include_directories(voxellens_${name} PUBLIC ${PROJECT_SOURCE_DIR})
    target_link_libraries(voxellens_${name} PUBLIC ${links})
  else()
    add_library(voxellens_${name} INTERFACE)
    target_include_directories(voxellens_${name} INTERFACE ${PROJECT_SOURCE_DIR})
    target_link_libraries(voxellens_${name} INTERFACE ${links})
  endif()
  string(REPLACE ";" "," allowed_text "${allowed}")
  foreach(folder IN LISTS arg_FOLDERS)
    set_property(GLOBAL APPEND PROPERTY VOXELLENS_LAYER_RULES "core/${folder}=${allowed_text}")
  endforeach()
  set_property(GLOBAL APPEND PROPERTY VOXELLENS_LAYER_LIBRARIES voxellens_${name})
endfunction()

# Writes the rules (one line per folder: folder=allowed core folders) and adds the check as a build step that every
# core library waits for. The layers above core (render, widgets, app) are checked by the same script.
function(voxellens_check_layering)
  get_property(rules GLOBAL PROPERTY VOXELLENS_LAYER_RULES)
  get_property(libraries GLOBAL PROPERTY VOXELLENS_LAYER_LIBRARIES)
  set(rules_file ${PROJECT_BINARY_DIR}/layering-rules.txt)
  string(REPLACE ";" "\n" text "${rules}")
  file(CONFIGURE OUTPUT ${rules_file} CONTENT "${text}\n")
  file(GLOB_RECURSE checked CONFIGURE_DEPENDS
    ${PROJECT_SOURCE_DIR}/core/*.h ${PROJECT_SOURCE_DIR}/core/*.cpp
    ${PROJECT_SOURCE_DIR}/render/*.h ${PROJECT_SOURCE_DIR}/render/*.cpp
    ${PROJECT_SOURCE_DIR}/widgets/*.h ${PROJECT_SOURCE_DIR}/widgets/*.cpp)
  set(stamp ${PROJECT_BINARY_DIR}/layering-check.stamp)
  add_custom_command(OUTPUT ${stamp}
    COMMAND ${CMAKE_COMMAND} -DRULES=${rules_file} -DSOURCE_DIR=${PROJECT_SOURCE_DIR}
            -P ${PROJECT_SOURCE_DIR}/cmake/CheckLayering.cmake
    COMMAND ${CMAKE_COMMAND} -E touch ${stamp}
    DEPENDS ${checked} ${rules_file} ${PROJECT_SOURCE_DIR}/cmake/CheckLayering.cmake
    COMMENT "Checking that every #include follows the layer order (core/CMakeLists.txt)"
    VERBATIM)
  add_custom_target(layering_check ALL DEPENDS ${stamp})
  foreach(library IN LISTS libraries)
    get_target_property(type ${library} TYPE)
    if(NOT type STREQUAL "INTERFACE_LIBRARY")
      add_dependencies(${library} layering_check)
    endif()
  endforeach()
endfunction()
