# ecl_embed_files(OUT_VAR DIR ENTRY...): compiles files into the binary. Each ENTRY is
# "path:symbol": at build time server/embed_file.cmake writes a C++ source defining
# ecl::<symbol> with the bytes of DIR/path, rewritten whenever the file changes. The generated
# sources are put in OUT_VAR, to be added to a target.
function(ecl_embed_files out_var dir)
  set(sources)
  foreach(entry IN LISTS ARGN)
    string(REPLACE ":" ";" parts "${entry}")
    list(GET parts 0 file)
    list(GET parts 1 symbol)
    set(input ${dir}/${file})
    set(output ${CMAKE_CURRENT_BINARY_DIR}/embedded_${symbol}.cpp)
    file(RELATIVE_PATH shown ${PROJECT_SOURCE_DIR} ${input})
    add_custom_command(
      OUTPUT ${output}
      COMMAND ${CMAKE_COMMAND} -DINPUT=${input} -DOUTPUT=${output} -DSYMBOL=${symbol}
              -P ${PROJECT_SOURCE_DIR}/server/embed_file.cmake
      DEPENDS ${input} ${PROJECT_SOURCE_DIR}/server/embed_file.cmake
      COMMENT "Embedding ${shown}")
    list(APPEND sources ${output})
  endforeach()
  set(${out_var} ${sources} PARENT_SCOPE)
endfunction()
