#include "reports/markup.hpp"

namespace memfrag::reports {

std::string markup_escaped(std::string_view text) {
   std::string escaped;
   for (char c : text) {
      switch (c) {
      case '&':
         escaped += "&amp;";
         break;
      case '<':
         escaped += "&lt;";
         break;
      case '>':
         escaped += "&gt;";
         break;
      case '"':
         escaped += "&quot;";
         break;
      case '\'':
         escaped += "&apos;";
         break;
      default:
         escaped += c;
      }
   }
   return escaped;
}

} // namespace memfrag::reports
