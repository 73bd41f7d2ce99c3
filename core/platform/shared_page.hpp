// A small object shared between a parent and the children it forks afterwards (anonymous
// shared mapping): the child publishes progress, the parent reads it even after a crash.
#pragma once

#include <sys/mman.h>

#include <cerrno>
#include <new>
#include <system_error>
#include <type_traits>

namespace memfrag::platform {

template <typename T> class SharedPage {
   static_assert(std::is_trivially_destructible_v<T>);

 public:
   SharedPage() {
      void *mapping =
         mmap(nullptr, sizeof(T), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
      if (mapping == MAP_FAILED) {
         throw std::system_error(errno, std::generic_category(), "cannot map a shared page");
      }
      object_ = new (mapping) T{};
   }
   ~SharedPage() { munmap(object_, sizeof(T)); }
   SharedPage(const SharedPage &) = delete;
   SharedPage &operator=(const SharedPage &) = delete;

   T &operator*() const { return *object_; }
   T *operator->() const { return object_; }

 private:
   T *object_ = nullptr;
};

} // namespace memfrag::platform
