// The library entry of the lumpy plugin.
#include "lumpy_buddy.hpp"

MEMFRAG_CPP_PLUGIN(memfrag::lumpy::LumpyBuddy)
