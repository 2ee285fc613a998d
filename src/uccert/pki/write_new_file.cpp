#include "uccert/pki/write_new_file.h"

#include <fcntl.h>
#include <stdio.h>  // renameat2, RENAME_NOREPLACE (glibc 2.28)
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <filesystem>

namespace uccert::pki {

namespace {

Status write_all(int fd, std::string_view data) {
  const char* p = data.data();
  std::size_t left = data.size();
  while (left > 0) {
    const ssize_t n = ::write(fd, p, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      return Error{std::strerror(errno)};
    }
    p += n;
    left -= static_cast<std::size_t>(n);
  }
  return Ok{};
}

bool exists(const std::string& path) {
  struct stat st {};
  return ::lstat(path.c_str(), &st) == 0;
}

// The folder a file goes in, for messages ("." for a bare name).
std::string folder_of(const std::string& path) {
  const auto parent = std::filesystem::path(path).parent_path();
  return parent.empty() ? std::string(".") : parent.string();
}

Status write_one(const NewFile& file) {
  static std::atomic<unsigned> counter{0};
  const std::string tmp = file.path + ".tmp." + std::to_string(::getpid()) + "." + std::to_string(counter++);
  const mode_t mode = file.private_file ? 0600 : 0644;
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, mode);
  if (fd < 0) {
    const int e = errno;
    return Error{file.path + ": cannot create a file in " + folder_of(file.path) + ": " + std::strerror(e)};
  }
  Status written = write_all(fd, file.data);
  // The umask may have taken bits away from 0644; a key is 0600 whatever the umask.
  if (written && file.private_file && ::fchmod(fd, 0600) != 0) written = Error{std::strerror(errno)};
  if (written && ::fsync(fd) != 0) written = Error{std::strerror(errno)};
  if (::close(fd) != 0 && written) written = Error{std::strerror(errno)};
  if (!written) {
    ::unlink(tmp.c_str());
    return Error{file.path + ": cannot write: " + written.error().message};
  }
  // link() never replaces: a file created under that name since the check is left alone. A file
  // system without hard links (FAT, some network shares) gets rename without replacing instead.
  int linked = ::link(tmp.c_str(), file.path.c_str());
  int e = errno;
  if (linked != 0 && (e == EPERM || e == EOPNOTSUPP || e == EMLINK || e == ENOSYS)) {
    linked = ::renameat2(AT_FDCWD, tmp.c_str(), AT_FDCWD, file.path.c_str(), RENAME_NOREPLACE);
    e = errno;
  }
  ::unlink(tmp.c_str());  // after a rename there is nothing left to remove
  if (linked != 0) {
    if (e == EEXIST)
      return Error{file.path + ": exists; uccert does not overwrite it (remove it or give another name)"};
    return Error{file.path + ": cannot create: " + std::strerror(e)};
  }
  return Ok{};
}

}  // namespace

Status write_new_files(const std::vector<NewFile>& files) {
  for (std::size_t i = 0; i < files.size(); ++i) {
    if (exists(files[i].path))
      return Error{files[i].path + ": exists; uccert does not overwrite it (remove it or give another name)"};
    for (std::size_t j = 0; j < i; ++j)
      if (files[j].path == files[i].path) return Error{files[i].path + ": given for two outputs"};
  }
  std::vector<const NewFile*> done;
  for (const auto& f : files) {
    if (auto s = write_one(f); !s) {
      for (const auto* d : done) ::unlink(d->path.c_str());
      return s;
    }
    done.push_back(&f);
  }
  return Ok{};
}

}  // namespace uccert::pki
