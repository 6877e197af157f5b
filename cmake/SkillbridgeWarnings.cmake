# skillbridge_set_warnings(target): warnings as errors on project code only.
# Generated protobuf/gRPC code does not call this.
function(skillbridge_set_warnings target)
  target_compile_options(${target} PRIVATE
    -Wall -Wextra -Wpedantic -Werror
    -Wno-unused-parameter
    -Wnon-virtual-dtor -Wimplicit-fallthrough)
endfunction()
