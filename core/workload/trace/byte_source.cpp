#include "core/workload/trace/byte_source.hpp"

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <lzma.h>
#include <unistd.h>
#include <vector>
#include <zlib.h>
#include <zstd.h>

namespace memfrag::workload::trace {

namespace {

constexpr std::size_t kInputChunk = 1u << 18;

// A file descriptor whose first bytes were peeked at to detect the compression; they are handed
// out again before the rest of the file.
class RawFile {
 public:
   explicit RawFile(const std::string &path) : name_(path) {
      fd_ = path == "-" ? STDIN_FILENO : ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
      if (fd_ < 0)
         throw TraceReadError(path + ": cannot open: " + std::strerror(errno));
      while (peeked_ < head_.size()) {
         const std::size_t got = read_fd(head_.data() + peeked_, head_.size() - peeked_);
         if (got == 0)
            break;
         peeked_ += got;
      }
   }
   RawFile(const RawFile &) = delete;
   RawFile &operator=(const RawFile &) = delete;
   ~RawFile() {
      if (fd_ > STDIN_FILENO)
         ::close(fd_);
   }

   Compression compression() const {
      return detect_compression(reinterpret_cast<const unsigned char *>(head_.data()), peeked_);
   }

   std::size_t read(char *buffer, std::size_t capacity) {
      if (handed_ < peeked_) {
         const std::size_t count = std::min(capacity, peeked_ - handed_);
         std::memcpy(buffer, head_.data() + handed_, count);
         handed_ += count;
         return count;
      }
      return read_fd(buffer, capacity);
   }

   const std::string &name() const { return name_; }

 private:
   std::size_t read_fd(char *buffer, std::size_t capacity) {
      for (;;) {
         const ssize_t got = ::read(fd_, buffer, capacity);
         if (got >= 0)
            return static_cast<std::size_t>(got);
         if (errno != EINTR)
            throw TraceReadError(name_ + ": read failed: " + std::strerror(errno));
      }
   }

   std::string name_;
   int fd_ = -1;
   std::array<char, 8> head_{};
   std::size_t peeked_ = 0;
   std::size_t handed_ = 0;
};

class PlainSource final : public ByteSource {
 public:
   explicit PlainSource(std::unique_ptr<RawFile> file) : file_(std::move(file)) {}
   std::size_t read(char *buffer, std::size_t capacity) override {
      return file_->read(buffer, capacity);
   }
   Compression compression() const override { return Compression::none; }

 private:
   std::unique_ptr<RawFile> file_;
};

// Shared input buffering for the decompressors: they consume compressed bytes from `input_`.
class DecompressingSource : public ByteSource {
 protected:
   explicit DecompressingSource(std::unique_ptr<RawFile> file)
       : file_(std::move(file)), input_(kInputChunk) {}

   // Refills the input when it is used up; returns false at the end of the file.
   bool refill_input() {
      if (input_pos_ < input_size_)
         return true;
      input_size_ = file_->read(input_.data(), input_.size());
      input_pos_ = 0;
      return input_size_ > 0;
   }

   [[noreturn]] void fail(const std::string &what) const {
      throw TraceReadError(file_->name() + ": " + compression_name(compression()) + ": " + what);
   }

   std::unique_ptr<RawFile> file_;
   std::vector<char> input_;
   std::size_t input_size_ = 0;
   std::size_t input_pos_ = 0;
};

class ZstdSource final : public DecompressingSource {
 public:
   explicit ZstdSource(std::unique_ptr<RawFile> file)
       : DecompressingSource(std::move(file)), stream_(ZSTD_createDStream()) {
      if (stream_ == nullptr)
         fail("cannot create a decompression stream");
   }
   ZstdSource(const ZstdSource &) = delete;
   ZstdSource &operator=(const ZstdSource &) = delete;
   ~ZstdSource() override { ZSTD_freeDStream(stream_); }

   std::size_t read(char *buffer, std::size_t capacity) override {
      ZSTD_outBuffer output{buffer, capacity, 0};
      while (output.pos == 0) {
         if (!refill_input()) {
            if (!frame_complete_)
               fail("truncated stream");
            return 0;
         }
         ZSTD_inBuffer input{input_.data(), input_size_, input_pos_};
         const std::size_t status = ZSTD_decompressStream(stream_, &output, &input);
         if (ZSTD_isError(status))
            fail(ZSTD_getErrorName(status));
         input_pos_ = input.pos;
         frame_complete_ = status == 0;
      }
      return output.pos;
   }
   Compression compression() const override { return Compression::zstd; }

 private:
   ZSTD_DStream *stream_;
   bool frame_complete_ = true;
};

class GzipSource final : public DecompressingSource {
 public:
   explicit GzipSource(std::unique_ptr<RawFile> file) : DecompressingSource(std::move(file)) {
      // 16 + MAX_WBITS: expect a gzip header and trailer rather than a bare zlib stream.
      if (inflateInit2(&stream_, 16 + MAX_WBITS) != Z_OK)
         fail("cannot create a decompression stream");
   }
   GzipSource(const GzipSource &) = delete;
   GzipSource &operator=(const GzipSource &) = delete;
   ~GzipSource() override { inflateEnd(&stream_); }

   std::size_t read(char *buffer, std::size_t capacity) override {
      stream_.next_out = reinterpret_cast<Bytef *>(buffer);
      const auto wanted = static_cast<uInt>(std::min<std::size_t>(capacity, 1u << 30));
      stream_.avail_out = wanted;
      while (stream_.avail_out == wanted) {
         if (!refill_input()) {
            if (!member_complete_)
               fail("truncated stream");
            return 0;
         }
         stream_.next_in = reinterpret_cast<Bytef *>(input_.data() + input_pos_);
         stream_.avail_in = static_cast<uInt>(input_size_ - input_pos_);
         const int status = inflate(&stream_, Z_NO_FLUSH);
         input_pos_ = input_size_ - stream_.avail_in;
         member_complete_ = status == Z_STREAM_END;
         if (status == Z_STREAM_END)
            inflateReset(&stream_); // concatenated gzip members form one stream
         else if (status != Z_OK && status != Z_BUF_ERROR)
            fail(stream_.msg != nullptr ? stream_.msg : "corrupt stream");
      }
      return wanted - stream_.avail_out;
   }
   Compression compression() const override { return Compression::gzip; }

 private:
   z_stream stream_{};
   bool member_complete_ = true;
};

class XzSource final : public DecompressingSource {
 public:
   explicit XzSource(std::unique_ptr<RawFile> file) : DecompressingSource(std::move(file)) {
      if (lzma_stream_decoder(&stream_, UINT64_MAX, LZMA_CONCATENATED) != LZMA_OK)
         fail("cannot create a decompression stream");
   }
   XzSource(const XzSource &) = delete;
   XzSource &operator=(const XzSource &) = delete;
   ~XzSource() override { lzma_end(&stream_); }

   std::size_t read(char *buffer, std::size_t capacity) override {
      stream_.next_out = reinterpret_cast<std::uint8_t *>(buffer);
      stream_.avail_out = capacity;
      while (stream_.avail_out == capacity && !finished_) {
         const bool more = refill_input();
         stream_.next_in = reinterpret_cast<const std::uint8_t *>(input_.data() + input_pos_);
         stream_.avail_in = input_size_ - input_pos_;
         const lzma_ret status = lzma_code(&stream_, more ? LZMA_RUN : LZMA_FINISH);
         input_pos_ = input_size_ - stream_.avail_in;
         if (status == LZMA_STREAM_END)
            finished_ = true;
         else if (status != LZMA_OK)
            fail(more ? "corrupt stream" : "truncated stream");
      }
      return capacity - stream_.avail_out;
   }
   Compression compression() const override { return Compression::xz; }

 private:
   lzma_stream stream_ = LZMA_STREAM_INIT;
   bool finished_ = false;
};

} // namespace

const char *compression_name(Compression compression) {
   switch (compression) {
   case Compression::zstd:
      return "zstd";
   case Compression::gzip:
      return "gzip";
   case Compression::xz:
      return "xz";
   case Compression::none:
      break;
   }
   return "none";
}

Compression detect_compression(const unsigned char *head, std::size_t size) {
   static constexpr unsigned char zstd_magic[] = {0x28, 0xb5, 0x2f, 0xfd};
   static constexpr unsigned char gzip_magic[] = {0x1f, 0x8b};
   static constexpr unsigned char xz_magic[] = {0xfd, '7', 'z', 'X', 'Z', 0x00};
   auto starts_with = [&](const unsigned char *magic, std::size_t length) {
      return size >= length && std::memcmp(head, magic, length) == 0;
   };
   if (starts_with(zstd_magic, sizeof zstd_magic))
      return Compression::zstd;
   if (starts_with(gzip_magic, sizeof gzip_magic))
      return Compression::gzip;
   if (starts_with(xz_magic, sizeof xz_magic))
      return Compression::xz;
   return Compression::none;
}

std::unique_ptr<ByteSource> open_byte_source(const std::string &path) {
   auto file = std::make_unique<RawFile>(path);
   switch (file->compression()) {
   case Compression::zstd:
      return std::make_unique<ZstdSource>(std::move(file));
   case Compression::gzip:
      return std::make_unique<GzipSource>(std::move(file));
   case Compression::xz:
      return std::make_unique<XzSource>(std::move(file));
   case Compression::none:
      break;
   }
   return std::make_unique<PlainSource>(std::move(file));
}

} // namespace memfrag::workload::trace
