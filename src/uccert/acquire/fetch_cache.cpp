#include "uccert/acquire/fetch_cache.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <openssl/evp.h>

namespace uccert::acquire {

namespace {

constexpr std::string_view kMagic = "uccert-cache 1";

std::string sha256_hex(const std::string& text) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> md{};
  unsigned int len = 0;
  EVP_Digest(text.data(), text.size(), md.data(), &len, EVP_sha256(), nullptr);
  std::string out;
  for (unsigned int i = 0; i < len; ++i) out += fmt::format("{:02x}", md[i]);
  return out;
}

}  // namespace

std::string default_cache_dir() {
  if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg != nullptr && xdg[0] == '/') {
    return std::string(xdg) + "/uccert";
  }
  if (const char* home = std::getenv("HOME"); home != nullptr && home[0] != '\0') {
    return std::string(home) + "/.cache/uccert";
  }
  return "";
}

Result<FetchCache> FetchCache::open(const std::string& dir, std::size_t max_entry) {
  if (dir.empty()) return Error{"--cache-dir: an empty path"};
  std::error_code ec;
  if (std::filesystem::exists(dir, ec) && !std::filesystem::is_directory(dir, ec)) {
    return Error{fmt::format("--cache-dir {}: not a directory", dir)};
  }
  return FetchCache(dir, max_entry);
}

// Made on the first store, not before: a run that fetches nothing leaves no directory behind.
// The last component is made 0700 (what is cached is public, but which URLs a person checked is
// theirs); parents are made as create_directories makes them.
Status FetchCache::ensure_dir() const {
  std::error_code ec;
  const std::filesystem::path p(dir_);
  if (p.has_parent_path()) std::filesystem::create_directories(p.parent_path(), ec);
  if (::mkdir(dir_.c_str(), 0700) != 0 && errno != EEXIST) {
    return Error{fmt::format("--cache-dir {}: cannot create it: {}", dir_, std::strerror(errno))};
  }
  return Ok{};
}

std::string FetchCache::path_of(const std::string& url) const { return dir_ + "/" + sha256_hex(url) + ".entry"; }

// An entry: "uccert-cache 1\n", the URL, the Unix time it is fresh until, then the body.
std::optional<std::string> FetchCache::lookup(const std::string& url, long long now) const {
  std::ifstream in(path_of(url), std::ios::binary);
  if (!in) return std::nullopt;
  std::string magic, stored_url, until_text;
  if (!std::getline(in, magic) || magic != kMagic || !std::getline(in, stored_url) || stored_url != url ||
      !std::getline(in, until_text)) {
    return std::nullopt;
  }
  long long until = 0;
  try {
    until = std::stoll(until_text);
  } catch (...) {
    return std::nullopt;
  }
  if (until <= now) return std::nullopt;
  std::string body;
  std::array<char, 64 * 1024> buf{};
  while (in) {
    in.read(buf.data(), buf.size());
    body.append(buf.data(), static_cast<std::size_t>(in.gcount()));
    if (body.size() > max_entry_) return std::nullopt;
  }
  return body;
}

Status FetchCache::store(const std::string& url, const std::string& body, long long fresh_until) const {
  if (auto made = ensure_dir(); !made) return made;
  const std::string final_path = path_of(url);
  const std::string tmp = fmt::format("{}.{}.tmp", final_path, ::getpid());
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0) return Error{fmt::format("{}: cannot write: {}", tmp, std::strerror(errno))};
  const std::string data = fmt::format("{}\n{}\n{}\n", kMagic, url, fresh_until) + body;
  std::size_t done = 0;
  while (done < data.size()) {
    const ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n <= 0) {
      ::close(fd);
      ::unlink(tmp.c_str());
      return Error{fmt::format("{}: cannot write", tmp)};
    }
    done += static_cast<std::size_t>(n);
  }
  ::close(fd);
  if (::rename(tmp.c_str(), final_path.c_str()) != 0) {
    ::unlink(tmp.c_str());
    return Error{fmt::format("{}: cannot rename into place", final_path)};
  }
  return Ok{};
}

}  // namespace uccert::acquire
