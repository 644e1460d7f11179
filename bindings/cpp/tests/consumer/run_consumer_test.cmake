# ctest driver (cmake -P): builds and runs tests/consumer against this build of the package.
#   MODE=find_package      cmake --install the build into WORK_DIR/prefix, consumer uses find_package(VeloZ)
#   MODE=add_subdirectory  consumer adds VELOZ_SOURCE_DIR with add_subdirectory
foreach(required IN ITEMS MODE VELOZ_BUILD_DIR VELOZ_SOURCE_DIR VELOZ_ROOT CONSUMER_SOURCE_DIR WORK_DIR GENERATOR CXX_COMPILER)
    if(NOT DEFINED ${required} OR "${${required}}" STREQUAL "")
        message(FATAL_ERROR "run_consumer_test.cmake: -D${required}=... is required")
    endif()
endforeach()
if(NOT BUILD_TYPE)
    set(BUILD_TYPE Release)
endif()

file(REMOVE_RECURSE "${WORK_DIR}")
set(prefix "${WORK_DIR}/prefix")
if(MODE STREQUAL "find_package")
    execute_process(COMMAND "${CMAKE_COMMAND}" --install "${VELOZ_BUILD_DIR}" --prefix "${prefix}" --config "${BUILD_TYPE}"
        COMMAND_ERROR_IS_FATAL ANY)
    # The installed tree must be self-contained: nothing may point back into the build or artifacts.
    foreach(installed IN ITEMS include/veloz.hpp include/veloz.h lib/libveloz.so lib/libveloz.so.0
                               lib/cmake/VeloZ/VeloZConfig.cmake lib/cmake/VeloZ/VeloZConfigVersion.cmake)
        if(NOT EXISTS "${prefix}/${installed}")
            message(FATAL_ERROR "cmake --install did not produce ${prefix}/${installed}")
        endif()
    endforeach()
    if(NOT IS_SYMLINK "${prefix}/lib/libveloz.so")
        message(FATAL_ERROR "${prefix}/lib/libveloz.so should be a symlink to libveloz.so.0")
    endif()
    set(mode_arguments "-DCMAKE_PREFIX_PATH=${prefix}" -DVELOZ_CONSUMER_MODE=find_package)
elseif(MODE STREQUAL "add_subdirectory")
    set(mode_arguments -DVELOZ_CONSUMER_MODE=add_subdirectory "-DVELOZ_CPP_DIR=${VELOZ_SOURCE_DIR}" "-DVELOZ_ROOT=${VELOZ_ROOT}")
else()
    message(FATAL_ERROR "unknown MODE ${MODE}")
endif()

execute_process(COMMAND "${CMAKE_COMMAND}" -S "${CONSUMER_SOURCE_DIR}" -B "${WORK_DIR}/build" -G "${GENERATOR}"
        "-DCMAKE_CXX_COMPILER=${CXX_COMPILER}" "-DCMAKE_BUILD_TYPE=${BUILD_TYPE}" ${mode_arguments}
    COMMAND_ERROR_IS_FATAL ANY)
execute_process(COMMAND "${CMAKE_COMMAND}" --build "${WORK_DIR}/build" --config "${BUILD_TYPE}"
    COMMAND_ERROR_IS_FATAL ANY)

find_program(consumer NAMES veloz_consumer PATHS "${WORK_DIR}/build" "${WORK_DIR}/build/${BUILD_TYPE}" NO_DEFAULT_PATH REQUIRED)
# Without LD_LIBRARY_PATH: the library must be found through the RPATH the package gave the consumer.
execute_process(COMMAND "${CMAKE_COMMAND}" -E env --unset=LD_LIBRARY_PATH "${consumer}"
    OUTPUT_VARIABLE output ERROR_VARIABLE errors RESULT_VARIABLE exit_code)
message(STATUS "veloz_consumer printed:\n${output}${errors}")
if(NOT exit_code EQUAL 0)
    message(FATAL_ERROR "veloz_consumer exited with ${exit_code}")
endif()

string(REGEX MATCH "library: ([^\n]*)" ignored "${output}")
set(loaded "${CMAKE_MATCH_1}")
if(MODE STREQUAL "find_package")
    set(expected_folder "${prefix}/lib")
else()
    set(expected_folder "${VELOZ_ROOT}/lib")
endif()
file(REAL_PATH "${expected_folder}" expected_folder)
file(REAL_PATH "${loaded}" loaded_real)
get_filename_component(loaded_folder "${loaded_real}" DIRECTORY)
if(NOT loaded_folder STREQUAL expected_folder)
    message(FATAL_ERROR "veloz_consumer loaded ${loaded} (${loaded_real}), expected the copy in ${expected_folder}")
endif()
message(STATUS "OK: ${MODE} consumer built, ran and loaded ${loaded}")
