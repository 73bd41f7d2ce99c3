// The library entry of the classic strategies: one library, three allocators.
#include "classic_buddy.hpp"

MEMFRAG_CPP_PLUGIN(memfrag::classic::Buddy1996, memfrag::classic::DefragRetry,
                   memfrag::classic::VirtualStitching)
