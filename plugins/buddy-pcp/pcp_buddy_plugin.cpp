// The library entry of the buddy allocator with per-CPU lists.
#include "pcp_buddy.hpp"

MEMFRAG_CPP_PLUGIN(memfrag::buddy::PcpBuddy)
