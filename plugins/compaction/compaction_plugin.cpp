// The library entry of the compaction plugin.
#include "compaction_allocator.hpp"

MEMFRAG_CPP_PLUGIN(memfrag::compaction::CompactionAllocator)
