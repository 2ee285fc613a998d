# uccert_folder_library(NAME DEPS...): the library of one folder of src/uccert.
# Sources are every .cpp in the folder (new files need no CMake edit).
function(uccert_folder_library name)
  file(GLOB sources CONFIGURE_DEPENDS "${CMAKE_CURRENT_SOURCE_DIR}/*.cpp")
  set(target uccert_${name})
  if(sources)
    add_library(${target} STATIC ${sources} ${UCCERT_EXTRA_SOURCES})
    target_include_directories(${target} PUBLIC "${PROJECT_SOURCE_DIR}/src")
    target_link_libraries(${target} PUBLIC ${ARGN} PRIVATE uccert_warnings)
  else()
    add_library(${target} INTERFACE)
    target_include_directories(${target} INTERFACE "${PROJECT_SOURCE_DIR}/src")
    target_link_libraries(${target} INTERFACE ${ARGN})
  endif()
endfunction()

# uccert_folder_tests(NAME DEPS...): one GoogleTest executable per tests/<folder>.
function(uccert_folder_tests name)
  file(GLOB sources CONFIGURE_DEPENDS "${CMAKE_CURRENT_SOURCE_DIR}/*_test.cpp")
  if(NOT sources)
    return()
  endif()
  file(GLOB helpers CONFIGURE_DEPENDS "${CMAKE_CURRENT_SOURCE_DIR}/*_helpers.cpp")
  set(target uccert_${name}_tests)
  add_executable(${target} ${sources} ${helpers})
  target_include_directories(${target} PRIVATE "${PROJECT_SOURCE_DIR}/tests")
  target_link_libraries(${target} PRIVATE ${ARGN} GTest::gtest GTest::gtest_main GTest::gmock uccert_warnings)
  target_compile_definitions(${target} PRIVATE
    UCCERT_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
    UCCERT_BINARY_DIR="${PROJECT_BINARY_DIR}"
    UCCERT_EXE="$<TARGET_FILE:uccert>")
  # Tests that run the real binary (UCCERT_EXE) need it built first.
  add_dependencies(${target} uccert)
  gtest_discover_tests(${target} DISCOVERY_TIMEOUT 60 PROPERTIES LABELS ${name})
endfunction()
