#include "uccert/pki/read_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

namespace uccert::pki {

namespace {

class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

std::string errno_text(int err) {
  switch (err) {
    case ENOENT: return "no such file";
    case EACCES:
    case EPERM: return "permission denied";
    case EISDIR: return "is a directory, not a certificate file";
    case ENOTDIR: return "a component of the path is not a directory";
    case ELOOP: return "too many symbolic links";
    case ENAMETOOLONG: return "file name too long";
    default: return std::strerror(err);
  }
}

}  // namespace

std::string mib_text(std::size_t bytes) {
  const std::size_t whole = bytes / (1024U * 1024U);
  if (whole * 1024U * 1024U == bytes) return std::to_string(whole) + " MiB";
  return std::to_string(bytes) + " bytes";
}

Result<Bytes> read_file(const std::string& path, std::size_t limit) {
  if (path.empty()) return Error{"(empty file name): no such file"};
  // O_NONBLOCK: opening a FIFO must not wait for a writer.
  Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK));
  if (fd.get() < 0) return Error{path + ": " + errno_text(errno)};
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) return Error{path + ": " + errno_text(errno)};
  if (S_ISDIR(st.st_mode)) return Error{path + ": is a directory, not a certificate file"};
  if (S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode)) {
    return Error{path + ": not a regular file (a pipe or socket)"};
  }
  if (S_ISREG(st.st_mode) && static_cast<std::uint64_t>(st.st_size) > limit) {
    // Refused from its size alone: a bundle of certificates is kilobytes.
    return Error{path + ": too large for a certificate file (" + std::to_string(st.st_size) +
                 " bytes; the limit is " + mib_text(limit) + ")"};
  }
  Bytes data;
  if (S_ISREG(st.st_mode)) data.reserve(static_cast<std::size_t>(st.st_size));
  std::uint8_t buf[65536];
  for (;;) {
    ssize_t n = ::read(fd.get(), buf, sizeof buf);
    if (n < 0) {
      if (errno == EINTR) continue;
      return Error{path + ": cannot read: " + errno_text(errno)};
    }
    if (n == 0) break;
    data.insert(data.end(), buf, buf + n);
    if (data.size() > limit) {
      // A device or a file that grew while read: stop at the limit rather than read it all.
      return Error{path + ": too large for a certificate file (more than " + mib_text(limit) + ")"};
    }
  }
  return data;
}

}  // namespace uccert::pki
