#include "core/workload/trace/mft_file.hpp"

#include "core/workload/trace/byte_source.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace memfrag::workload::trace {

namespace {

constexpr std::size_t kPendingEvents = 1u << 15;
constexpr std::uint8_t kMaxRecordOrder = 30;

std::vector<char> serialize_tasks(const std::map<std::uint32_t, std::string> &tasks) {
   std::vector<char> bytes;
   for (const auto &[pid, name] : tasks) {
      const auto length = static_cast<std::uint16_t>(std::min<std::size_t>(name.size(), 0xffff));
      const std::size_t at = bytes.size();
      bytes.resize(at + 6 + length);
      std::memcpy(bytes.data() + at, &pid, 4);
      std::memcpy(bytes.data() + at + 4, &length, 2);
      std::memcpy(bytes.data() + at + 6, name.data(), length);
   }
   return bytes;
}

std::map<std::uint32_t, std::string> deserialize_tasks(std::span<const char> bytes) {
   std::map<std::uint32_t, std::string> tasks;
   std::size_t at = 0;
   while (at + 6 <= bytes.size()) {
      std::uint32_t pid = 0;
      std::uint16_t length = 0;
      std::memcpy(&pid, bytes.data() + at, 4);
      std::memcpy(&length, bytes.data() + at + 4, 2);
      if (at + 6 + length > bytes.size())
         throw TraceReadError("task section: entry runs past its end");
      tasks[pid].assign(bytes.data() + at + 6, length);
      at += 6 + std::size_t{length};
   }
   if (at != bytes.size())
      throw TraceReadError("task section: trailing bytes");
   return tasks;
}

MftSource source_from_byte(std::uint8_t value) {
   return value <= static_cast<std::uint8_t>(MftSource::recorded) ? static_cast<MftSource>(value)
                                                                  : MftSource::unknown;
}

} // namespace

const char *source_name(MftSource source) {
   switch (source) {
   case MftSource::ftrace:
      return "ftrace";
   case MftSource::perf_script:
      return "perf-script";
   case MftSource::mixed:
      return "mixed";
   case MftSource::recorded:
      return "recorded";
   case MftSource::unknown:
      break;
   }
   return "unknown";
}

MftWriter::MftWriter(const std::string &path) : path_(path), temporary_path_(path + ".partial") {
   file_ = std::fopen(temporary_path_.c_str(), "wb");
   if (file_ == nullptr)
      throw TraceReadError(temporary_path_ + ": cannot create: " + std::strerror(errno));
   const MftHeader placeholder;
   write(&placeholder, sizeof placeholder);
   pending_.reserve(kPendingEvents);
}

MftWriter::~MftWriter() {
   if (file_ != nullptr) {
      std::fclose(file_);
      std::remove(temporary_path_.c_str());
   }
}

void MftWriter::append(const TraceEvent &event) {
   if (event_count_ == 0)
      first_time_ns_ = event.time_ns;
   last_time_ns_ = event.time_ns;
   ++event_count_;
   pending_.push_back(event);
   if (pending_.size() == kPendingEvents)
      flush_events();
}

void MftWriter::flush_events() {
   write(pending_.data(), pending_.size() * sizeof(TraceEvent));
   pending_.clear();
}

void MftWriter::write(const void *data, std::size_t size) {
   if (size != 0 && std::fwrite(data, 1, size, file_) != size)
      throw TraceReadError(temporary_path_ + ": write failed: " + std::strerror(errno));
}

std::uint64_t MftWriter::write_section(MftHeader &header, MftSectionType type,
                                       std::span<const char> bytes, std::uint64_t offset) {
   if (bytes.empty())
      return offset;
   header.sections[header.section_count++] = {type, 0, offset, bytes.size()};
   write(bytes.data(), bytes.size());
   return offset + bytes.size();
}

void MftWriter::finish(const TraceMetadata &metadata) {
   flush_events();
   MftHeader header;
   header.source = metadata.source;
   header.numbering = static_cast<std::uint8_t>(metadata.numbering);
   header.event_count = event_count_;
   header.first_time_ns = first_time_ns_;
   header.last_time_ns = last_time_ns_;
   header.lines_read = metadata.lines_read;
   header.other_events = metadata.other_events;
   header.lost_events = metadata.lost_events;
   header.malformed_lines = metadata.malformed_lines;
   std::memcpy(header.kernel.data(), metadata.kernel.data(),
               std::min(metadata.kernel.size(), kMftKernelLength - 1));
   std::uint64_t offset = sizeof(MftHeader) + event_count_ * sizeof(TraceEvent);
   offset = write_section(header, MftSectionType::tasks, serialize_tasks(metadata.tasks), offset);
   if (metadata.free_frames_start)
      offset = write_section(header, MftSectionType::free_frames_start,
                             metadata.free_frames_start->serialize(), offset);
   if (metadata.free_frames_end)
      offset = write_section(header, MftSectionType::free_frames_end,
                             metadata.free_frames_end->serialize(), offset);
   offset =
       write_section(header, MftSectionType::buddyinfo_start, metadata.buddyinfo_start, offset);
   write_section(header, MftSectionType::buddyinfo_end, metadata.buddyinfo_end, offset);
   if (std::fseek(file_, 0, SEEK_SET) != 0)
      throw TraceReadError(temporary_path_ + ": seek failed: " + std::strerror(errno));
   write(&header, sizeof header);
   const bool closed = std::fclose(file_) == 0;
   file_ = nullptr;
   if (!closed || std::rename(temporary_path_.c_str(), path_.c_str()) != 0) {
      std::remove(temporary_path_.c_str());
      throw TraceReadError(path_ + ": cannot write: " + std::strerror(errno));
   }
}

// The bytes of an .mft file: a read-only mapping of the file, or a buffer.
struct MftFile::Mapping {
   const char *data = nullptr;
   std::size_t size = 0;
   void *mapped = nullptr;
   std::vector<char> buffer;

   Mapping() = default;
   Mapping(const Mapping &) = delete;
   Mapping &operator=(const Mapping &) = delete;
   ~Mapping() {
      if (mapped != nullptr)
         ::munmap(mapped, size);
   }
};

bool MftFile::is_mft(const std::string &path) {
   std::FILE *file = path == "-" ? nullptr : std::fopen(path.c_str(), "rb");
   if (file == nullptr)
      return false;
   std::array<char, 8> magic{};
   const bool read = std::fread(magic.data(), 1, magic.size(), file) == magic.size();
   std::fclose(file);
   return read && magic == kMftMagic;
}

MftFile MftFile::open(const std::string &path) {
   const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
   if (fd < 0)
      throw TraceReadError(path + ": cannot open: " + std::strerror(errno));
   struct stat status {};
   auto mapping = std::make_shared<Mapping>();
   if (::fstat(fd, &status) == 0 && status.st_size > 0) {
      mapping->size = static_cast<std::size_t>(status.st_size);
      mapping->mapped = ::mmap(nullptr, mapping->size, PROT_READ, MAP_PRIVATE, fd, 0);
   }
   ::close(fd);
   if (mapping->mapped == MAP_FAILED || mapping->mapped == nullptr) {
      mapping->mapped = nullptr;
      throw TraceReadError(path + ": cannot map the file (empty or unreadable)");
   }
   mapping->data = static_cast<const char *>(mapping->mapped);
   return MftFile(std::move(mapping), path);
}

MftFile MftFile::from_bytes(std::vector<char> bytes) {
   auto mapping = std::make_shared<Mapping>();
   mapping->buffer = std::move(bytes);
   // Records are read in place: the buffer must be aligned like a mapping, which operator new
   // guarantees for 16 bytes and more.
   mapping->data = mapping->buffer.data();
   mapping->size = mapping->buffer.size();
   return MftFile(std::move(mapping), "memory");
}

MftFile::MftFile(std::shared_ptr<const Mapping> mapping, const std::string &name)
    : mapping_(std::move(mapping)) {
   const char *data = mapping_->data;
   const std::size_t size = mapping_->size;
   if (size < sizeof(MftHeader))
      throw TraceReadError(name + ": not an .mft file (too short)");
   std::memcpy(&header_, data, sizeof header_);
   if (header_.magic != kMftMagic)
      throw TraceReadError(name + ": not an .mft file (bad magic)");
   if (header_.version_major != kMftVersionMajor)
      throw TraceReadError(name + ": .mft version " + std::to_string(header_.version_major) +
                           " is not supported (this memfrag reads version " +
                           std::to_string(kMftVersionMajor) + ")");
   if (header_.record_size != sizeof(TraceEvent) || header_.header_size < sizeof(MftHeader) ||
       header_.header_size % alignof(TraceEvent) != 0 || header_.header_size > size ||
       header_.event_count > (size - header_.header_size) / sizeof(TraceEvent))
      throw TraceReadError(name + ": corrupt .mft header (sizes do not match the file)");
   events_ = {reinterpret_cast<const TraceEvent *>(data + header_.header_size),
              static_cast<std::size_t>(header_.event_count)};
   for (std::size_t index = 0; index < events_.size(); ++index)
      if (static_cast<std::uint8_t>(events_[index].kind) >= kEventKindCount ||
          events_[index].order > kMaxRecordOrder)
         throw TraceReadError(name + ": corrupt record " + std::to_string(index));
   read_sections(name);
}

void MftFile::read_sections(const std::string &name) {
   metadata_.source = source_from_byte(static_cast<std::uint8_t>(header_.source));
   metadata_.numbering =
       header_.numbering == 1 ? MigratetypeNumbering::pre_4_4 : MigratetypeNumbering::current;
   metadata_.kernel.assign(header_.kernel.data(),
                           strnlen(header_.kernel.data(), header_.kernel.size()));
   metadata_.lines_read = header_.lines_read;
   metadata_.other_events = header_.other_events;
   metadata_.lost_events = header_.lost_events;
   metadata_.malformed_lines = header_.malformed_lines;
   if (header_.section_count > kMftMaxSections)
      throw TraceReadError(name + ": corrupt .mft header (section count)");
   for (std::size_t index = 0; index < header_.section_count; ++index) {
      const MftSection &section = header_.sections[index];
      if (section.offset > mapping_->size || section.size > mapping_->size - section.offset)
         throw TraceReadError(name + ": corrupt .mft section table (section past the end)");
      const std::span<const char> bytes(mapping_->data + section.offset, section.size);
      switch (section.type) {
      case MftSectionType::tasks:
         metadata_.tasks = deserialize_tasks(bytes);
         break;
      case MftSectionType::free_frames_start:
         metadata_.free_frames_start = FreeFrameSet::deserialize(bytes);
         break;
      case MftSectionType::free_frames_end:
         metadata_.free_frames_end = FreeFrameSet::deserialize(bytes);
         break;
      case MftSectionType::buddyinfo_start:
         metadata_.buddyinfo_start.assign(bytes.begin(), bytes.end());
         break;
      case MftSectionType::buddyinfo_end:
         metadata_.buddyinfo_end.assign(bytes.begin(), bytes.end());
         break;
      case MftSectionType::none:
         break;
      }
   }
}

} // namespace memfrag::workload::trace
