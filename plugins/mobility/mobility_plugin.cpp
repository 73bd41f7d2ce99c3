// The library entry of the mobility-grouping plugin.
#include "mobility_allocator.hpp"

MEMFRAG_CPP_PLUGIN(memfrag::mobility::MobilityAllocator)
