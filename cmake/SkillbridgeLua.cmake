# skillbridge_embed_lua(<out_var> <lua_file> <symbol>): embeds a Lua script into the build. The
# .lua file (<lua_file>, relative to the calling CMakeLists.txt's folder) is the source of truth;
# it becomes a generated <stem>_lua.cc in the calling folder's build directory defining
#   std::string_view skillbridge::lua_sources::<symbol>();
# (declared in the .cc file that uses it; symbols are global, so name them after their owner,
# e.g. AggregatorApplyBatchSource). <out_var> receives the generated file's path for the
# target's sources. Editing the .lua file re-runs the configuration. The script must not contain
# the raw-string delimiter )sblua" (configuration fails, naming the file).
# Used by common/redis (atomic_write.lua) and services/aggregator (apply_batch.lua).
function(skillbridge_embed_lua out_var lua_file symbol)
  set(lua_path ${CMAKE_CURRENT_SOURCE_DIR}/${lua_file})
  file(READ ${lua_path} SB_LUA_SOURCE)
  string(FIND "${SB_LUA_SOURCE}" ")sblua\"" delimiter_at)
  if(NOT delimiter_at EQUAL -1)
    message(FATAL_ERROR "${lua_path} must not contain the raw string delimiter )sblua\"")
  endif()
  file(RELATIVE_PATH SB_LUA_FILE ${PROJECT_SOURCE_DIR} ${lua_path})
  set(SB_LUA_SYMBOL ${symbol})
  get_filename_component(stem ${lua_file} NAME_WE)
  set(generated ${CMAKE_CURRENT_BINARY_DIR}/${stem}_lua.cc)
  configure_file(${PROJECT_SOURCE_DIR}/cmake/embedded_lua.cc.in ${generated} @ONLY)
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${lua_path})
  set(${out_var} ${generated} PARENT_SCOPE)
endfunction()
