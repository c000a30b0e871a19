# Writes OUTPUT: a C++ file defining ecl::kEmbeddedServiceModel with the bytes of INPUT.
file(READ ${INPUT} content)
file(WRITE ${OUTPUT} "// Generated from config/service-model.json; do not edit.\n"
  "namespace ecl { extern const char kEmbeddedServiceModel[]; const char kEmbeddedServiceModel[] = R\"ECLMODEL(${content})ECLMODEL\"; }\n")
