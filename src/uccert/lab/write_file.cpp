// Writers: every file is written to a temporary name in its folder and renamed over the target,
// private files with mode 0600 from creation.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>

#include "uccert/lab/mint_detail.h"

namespace uccert::lab {

namespace {

Status write_all(int fd, const char* data, std::size_t size) {
  while (size > 0) {
    const ssize_t n = ::write(fd, data, size);
    if (n < 0) {
      if (errno == EINTR) continue;
      return Error{std::strerror(errno)};
    }
    data += n;
    size -= static_cast<std::size_t>(n);
  }
  return Ok{};
}

}  // namespace

Status write_file_atomic(const std::filesystem::path& path, std::string_view data, bool private_file) {
  static std::atomic<unsigned> counter{0};
  std::filesystem::path tmp = path;
  tmp += fmt::format(".tmp.{}.{}", ::getpid(), counter++);
  const mode_t mode = private_file ? 0600 : 0644;
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
  if (fd < 0) return Error{fmt::format("{}: cannot create: {}", path.string(), std::strerror(errno))};
  Status written = write_all(fd, data.data(), data.size());
  if (written && private_file && ::fchmod(fd, 0600) != 0) written = Error{std::strerror(errno)};
  if (written && ::fsync(fd) != 0) written = Error{std::strerror(errno)};
  if (::close(fd) != 0 && written) written = Error{std::strerror(errno)};
  if (!written) {
    ::unlink(tmp.c_str());
    return Error{fmt::format("{}: cannot write: {}", path.string(), written.error().message)};
  }
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    const int e = errno;
    ::unlink(tmp.c_str());
    return Error{fmt::format("{}: cannot rename into place: {}", path.string(), std::strerror(e))};
  }
  return Ok{};
}

Status write_file_atomic(const std::filesystem::path& path, const pki::Bytes& data, bool private_file) {
  return write_file_atomic(path, std::string_view(reinterpret_cast<const char*>(data.data()), data.size()),
                           private_file);
}

Status write_pem_chain(const std::filesystem::path& path, const std::vector<Minted>& chain) {
  return write_file_atomic(path, pem_chain(chain));
}

Status write_der(const std::filesystem::path& path, const Minted& cert) {
  return write_file_atomic(path, cert.der);
}

Status write_pkcs7(const std::filesystem::path& path, const std::vector<Minted>& chain, Encoding encoding) {
  auto data = encode_pkcs7(chain, encoding);
  if (!data) return Error{fmt::format("{}: {}", path.string(), data.error().message)};
  return write_file_atomic(path, *data);
}

Status write_pkcs12(const std::filesystem::path& path, const std::vector<Minted>& chain,
                    const Pkcs12Options& options) {
  auto data = encode_pkcs12(chain, options);
  if (!data) return Error{fmt::format("{}: {}", path.string(), data.error().message)};
  return write_file_atomic(path, *data, options.include_key);
}

Status write_csr(const std::filesystem::path& path, const X509_REQ* csr, Encoding encoding) {
  auto data = encode_csr(csr, encoding);
  if (!data) return Error{fmt::format("{}: {}", path.string(), data.error().message)};
  return write_file_atomic(path, *data);
}

Status write_private_key(const std::filesystem::path& path, const KeyPair& key) {
  const pki::Secret pem = key.pem_private_secret();
  return write_file_atomic(path, pem.view(), true);
}

}  // namespace uccert::lab
