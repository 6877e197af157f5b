# skillbridge_service(NAME <name> DOMAIN <sources...> SOURCES <sources...> [DEPS <targets...>])
#
# The three targets of a service built on common/server/standard_server.h:
#   skillbridge_<name>_domain  the pure rules (DOMAIN sources): protobuf, reference data, request
#                              checks, validation, status; it cannot link gRPC servers or Redis
#   skillbridge_<name>         store + handlers (SOURCES) over the domain, the store library and
#                              the server runtime, plus DEPS (e.g. another service's protos)
#   skillbridge-<name>         the binary: services/<name>/main.cc (with jemalloc when found)
# The protos come from skillbridge_<name>_proto (protos/CMakeLists.txt). Warnings are errors.
function(skillbridge_service)
  cmake_parse_arguments(ARG "" "NAME" "DOMAIN;SOURCES;DEPS" ${ARGN})
  set(domain skillbridge_${ARG_NAME}_domain)
  add_library(${domain} ${ARG_DOMAIN})
  target_include_directories(${domain} PUBLIC ${PROJECT_SOURCE_DIR})
  target_link_libraries(${domain} PUBLIC skillbridge_${ARG_NAME}_proto skillbridge_reference
    skillbridge_request_fields skillbridge_validation skillbridge_status skillbridge_util absl::time)
  skillbridge_set_warnings(${domain})

  add_library(skillbridge_${ARG_NAME} ${ARG_SOURCES})
  target_link_libraries(skillbridge_${ARG_NAME} PUBLIC ${domain} skillbridge_store skillbridge_server ${ARG_DEPS})
  skillbridge_set_warnings(skillbridge_${ARG_NAME})

  add_executable(skillbridge-${ARG_NAME} main.cc)
  target_link_libraries(skillbridge-${ARG_NAME} PRIVATE skillbridge_${ARG_NAME} ${SKILLBRIDGE_MALLOC_LIBRARY})
  skillbridge_set_warnings(skillbridge-${ARG_NAME})
endfunction()
