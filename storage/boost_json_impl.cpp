// The single translation unit that compiles Boost.JSON (header-only mode) for the program.
#include <boost/json/src.hpp>
