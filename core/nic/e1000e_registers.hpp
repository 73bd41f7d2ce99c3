// The subset of the Intel 82574L (e1000e) programming interface memfrag's driver core uses:
// register offsets in the BAR0 window, their bits, and the legacy descriptor layouts. Values
// from the 82574L datasheet; every access is 32 bits wide.
#pragma once

#include <cstdint>

namespace memfrag::nic::e1000e {

// Register offsets.
inline constexpr std::uint32_t kCtrl = 0x0000;
inline constexpr std::uint32_t kStatus = 0x0008;
inline constexpr std::uint32_t kMdic = 0x0020;
inline constexpr std::uint32_t kIcr = 0x00C0;
inline constexpr std::uint32_t kIms = 0x00D0;
inline constexpr std::uint32_t kImc = 0x00D8;
inline constexpr std::uint32_t kIvar = 0x00E4; // MSI-X vector of each cause
inline constexpr std::uint32_t kRctl = 0x0100;
inline constexpr std::uint32_t kTctl = 0x0400;
inline constexpr std::uint32_t kTipg = 0x0410;
inline constexpr std::uint32_t kRdbal = 0x2800;
inline constexpr std::uint32_t kRdbah = 0x2804;
inline constexpr std::uint32_t kRdlen = 0x2808; // a multiple of 128 bytes
inline constexpr std::uint32_t kRdh = 0x2810;
inline constexpr std::uint32_t kRdt = 0x2818;
inline constexpr std::uint32_t kTdbal = 0x3800;
inline constexpr std::uint32_t kTdbah = 0x3804;
inline constexpr std::uint32_t kTdlen = 0x3808;
inline constexpr std::uint32_t kTdh = 0x3810;
inline constexpr std::uint32_t kTdt = 0x3818;
inline constexpr std::uint32_t kGprc = 0x4074; // good packets received (clears on read)
inline constexpr std::uint32_t kGptc = 0x4080; // good packets transmitted (clears on read)
inline constexpr std::uint32_t kRnbc = 0x40A0; // receive no buffers (clears on read)
inline constexpr std::uint32_t kRal0 = 0x5400;
inline constexpr std::uint32_t kRah0 = 0x5404;

// CTRL bits.
inline constexpr std::uint32_t kCtrlSlu = 1u << 6;  // set link up
inline constexpr std::uint32_t kCtrlRst = 1u << 26; // device reset, self-clearing

// RAH0 bits.
inline constexpr std::uint32_t kRahAv = 1u << 31; // the receive address is valid

// STATUS bits.
inline constexpr std::uint32_t kStatusLu = 1u << 1; // link up

// Interrupt cause bits (ICR, IMS, IMC).
inline constexpr std::uint32_t kIntTxdw = 1u << 0;   // transmit descriptor written back
inline constexpr std::uint32_t kIntRxdmt0 = 1u << 4; // receive descriptors below threshold
inline constexpr std::uint32_t kIntRxo = 1u << 6;    // receiver overrun
inline constexpr std::uint32_t kIntRxt0 = 1u << 7;   // receive timer: a packet arrived
inline constexpr std::uint32_t kIntRxq0 = 1u << 20;  // receive queue 0 (the MSI-X cause)

// IVAR fields: receive queue 0 in bits 0-3, other causes in bits 16-19; each a vector number
// with bit 3 marking it valid.
inline constexpr std::uint32_t kIvarRxq0Vector0 = 0x8;
inline constexpr std::uint32_t kIvarOtherVector0 = 0x8u << 16;

// RCTL bits.
inline constexpr std::uint32_t kRctlEn = 0x2;
inline constexpr std::uint32_t kRctlUpe = 0x8;         // unicast promiscuous
inline constexpr std::uint32_t kRctlMpe = 0x10;        // multicast promiscuous
inline constexpr std::uint32_t kRctlLpe = 0x20;        // long packets: needed for jumbo frames
inline constexpr std::uint32_t kRctlLbmMac = 0x40;     // MAC loopback: transmitted frames come back
inline constexpr std::uint32_t kRctlBam = 0x8000;      // accept broadcast
inline constexpr std::uint32_t kRctlBsizeShift = 16;   // two-bit buffer-size field
inline constexpr std::uint32_t kRctlBsex = 0x02000000; // buffer size field x16
inline constexpr std::uint32_t kRctlSecrc = 0x04000000; // strip the Ethernet CRC

// TCTL bits.
inline constexpr std::uint32_t kTctlEn = 0x2;
inline constexpr std::uint32_t kTctlPsp = 0x8;      // pad short packets
inline constexpr std::uint32_t kTctlCtShift = 4;    // collision threshold field
inline constexpr std::uint32_t kTctlColdShift = 12; // collision distance field

// TIPG value the datasheet recommends for copper links (IPGT 8, IPGR1 8, IPGR2 6).
inline constexpr std::uint32_t kTipgCopper = 0x00602008;

// The RCTL bits (BSIZE and BSEX) selecting a receive buffer size of `bytes`; UINT32_MAX when
// the field cannot express that size (it knows 256, 512, 1024, 2048, 4096, 8192 and 16384).
constexpr std::uint32_t rctl_buffer_size_bits(std::uint32_t bytes) {
   switch (bytes) {
   case 2048:
      return 0u << kRctlBsizeShift;
   case 1024:
      return 1u << kRctlBsizeShift;
   case 512:
      return 2u << kRctlBsizeShift;
   case 256:
      return 3u << kRctlBsizeShift;
   case 16384:
      return kRctlBsex | (1u << kRctlBsizeShift);
   case 8192:
      return kRctlBsex | (2u << kRctlBsizeShift);
   case 4096:
      return kRctlBsex | (3u << kRctlBsizeShift);
   default:
      return UINT32_MAX;
   }
}

// The receive buffer size, in bytes, an RCTL value selects (BSEX with BSIZE 0 is reserved;
// the device then uses 2048, as without BSEX).
constexpr std::uint32_t rctl_buffer_bytes(std::uint32_t rctl) {
   const std::uint32_t size_field = (rctl >> kRctlBsizeShift) & 0x3u;
   if ((rctl & kRctlBsex) != 0 && size_field != 0) {
      return 32768u >> size_field;
   }
   return 2048u >> size_field;
}

// Legacy receive descriptor (16 bytes).
struct RxDescriptor {
   std::uint64_t address;
   std::uint16_t length;
   std::uint16_t checksum;
   std::uint8_t status;
   std::uint8_t errors;
   std::uint16_t special;
};
static_assert(sizeof(RxDescriptor) == 16);
inline constexpr std::uint8_t kRxStatusDd = 0x1;  // descriptor done
inline constexpr std::uint8_t kRxStatusEop = 0x2; // end of packet

// Legacy transmit descriptor (16 bytes).
struct TxDescriptor {
   std::uint64_t address;
   std::uint16_t length;
   std::uint8_t checksum_offset;
   std::uint8_t command;
   std::uint8_t status;
   std::uint8_t checksum_start;
   std::uint16_t special;
};
static_assert(sizeof(TxDescriptor) == 16);
inline constexpr std::uint8_t kTxCommandEop = 0x1;  // end of packet
inline constexpr std::uint8_t kTxCommandIfcs = 0x2; // insert the frame check sequence
inline constexpr std::uint8_t kTxCommandRs = 0x8;   // report status (write back DD)
inline constexpr std::uint8_t kTxStatusDd = 0x1;

} // namespace memfrag::nic::e1000e
