// The library entry of the kswapd-order plugin.
#include "kswapd_buddy.hpp"

MEMFRAG_CPP_PLUGIN(memfrag::kswapd::KswapdBuddy)
