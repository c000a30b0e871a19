# Writes OUTPUT: a C++ file defining ecl::<SYMBOL> (default kEmbeddedServiceModel) with the
# bytes of INPUT.
if(NOT SYMBOL)
  set(SYMBOL kEmbeddedServiceModel)
endif()
file(READ ${INPUT} content)
get_filename_component(input_name ${INPUT} NAME)
file(WRITE ${OUTPUT} "// Generated from ${input_name}; do not edit.\n"
  "namespace ecl { extern const char ${SYMBOL}[]; const char ${SYMBOL}[] = R\"ECLMODEL(${content})ECLMODEL\"; }\n")
