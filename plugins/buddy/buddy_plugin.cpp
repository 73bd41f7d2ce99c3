// The library entry of the buddy plugin.
#include "buddy_allocator.hpp"

MEMFRAG_CPP_PLUGIN(memfrag::buddy::BuddyAllocator)
