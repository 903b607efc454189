#include "annotate/file_io.h"

#include "annotate/temp_files.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <stdexcept>
#include <sys/stat.h>
#include <unistd.h>

namespace axl::annotate {
namespace fs = std::filesystem;

namespace {

[[noreturn]] void fail(const fs::path& path, const std::string& what, int err = 0) {
  throw std::runtime_error(path.string() + ": " + what +
                           (err ? std::string(": ") + std::strerror(err) : ""));
}

// Closes on every path out, so that no error leaks a descriptor.
struct Fd {
  int fd = -1;
  explicit Fd(int f) : fd(f) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

long long mtime_ns(const struct stat& st) {
  return static_cast<long long>(st.st_mtim.tv_sec) * 1'000'000'000LL + st.st_mtim.tv_nsec;
}

std::string read_all(int fd, const fs::path& path) {
  std::string out;
  char buf[1 << 16];
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) fail(path, "read error", errno);
    if (n == 0) return out;
    out.append(buf, static_cast<size_t>(n));
  }
}

void write_all(int fd, const std::string& bytes, const fs::path& path) {
  size_t off = 0;
  while (off < bytes.size()) {
    ssize_t n = ::pwrite(fd, bytes.data() + off, bytes.size() - off, static_cast<off_t>(off));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) fail(path, "write failed", errno);
    off += static_cast<size_t>(n);
  }
}

// The same file as `before`, with the same bytes? `fd` is open for reading on it.
void require_unchanged(int fd, const fs::path& path, const FileSnapshot& before) {
  struct stat st {};
  if (::fstat(fd, &st) != 0) fail(path, "cannot stat", errno);
  bool same = st.st_dev == before.device && st.st_ino == before.inode &&
              st.st_size == before.size && mtime_ns(st) == before.mtime_ns;
  if (same) {
    if (::lseek(fd, 0, SEEK_SET) < 0) fail(path, "cannot seek", errno);
    same = read_all(fd, path) == before.bytes;
  }
  if (!same) fail(path, "changed since it was read (edited meanwhile?); left as it is now");
}

// Like black and ruff: a file the user may not write is not rewritten, even by root, who may
// write anything: read-only mode bits (0444) are a request too.
void require_writable(const fs::path& path, const struct stat& st) {
  if (::faccessat(AT_FDCWD, path.c_str(), W_OK, AT_EACCESS) != 0) fail(path, "cannot write", errno);
  if ((st.st_mode & (S_IWUSR | S_IWGRP | S_IWOTH)) == 0)
    fail(path, "read-only file (no write permission in its mode bits)", EACCES);
}

void write_in_place(const fs::path& path, const FileSnapshot& before, const std::string& bytes) {
  Fd f(::open(path.c_str(), O_RDWR | O_CLOEXEC | O_NOFOLLOW));
  if (f.fd < 0) fail(path, "cannot open for writing", errno);
  require_unchanged(f.fd, path, before);
  write_all(f.fd, bytes, path);
  if (::ftruncate(f.fd, static_cast<off_t>(bytes.size())) != 0 || ::fsync(f.fd) != 0)
    fail(path, "cannot truncate / sync", errno);
}

// false (and nothing left behind) when the new file could not get the original's owner: the
// caller writes in place then, which keeps it.
bool write_by_rename(const fs::path& path, const struct stat& st, const FileSnapshot& before,
                     const std::string& bytes) {
  std::string tmp = temp_file_template(path);
  Fd t(::mkstemp(tmp.data()));
  if (t.fd < 0) {
    if (errno == EACCES || errno == EPERM) return false; // directory not writable; the file is
    fail(path, "cannot create a temporary file next to it", errno);
  }
  struct Unlink {
    const std::string& p;
    bool armed = true;
    ~Unlink() {
      if (armed) ::unlink(p.c_str());
    }
  } cleanup{tmp};
  // Owner first: chown clears setuid/setgid, so the mode bits come after it.
  if (::fchown(t.fd, st.st_uid, st.st_gid) != 0) return false;
  if (::fchmod(t.fd, st.st_mode & 07777) != 0) fail(path, "cannot set permissions", errno);
  write_all(t.fd, bytes, path);
  if (::fsync(t.fd) != 0) fail(path, "cannot sync", errno);
  Fd check(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW));
  if (check.fd < 0) fail(path, "cannot reopen", errno);
  require_unchanged(check.fd, path, before);
  if (::rename(tmp.c_str(), path.c_str()) != 0) fail(path, "cannot replace", errno);
  cleanup.armed = false;
  return true;
}

} // namespace

std::string file_kind(mode_t mode) {
  if (S_ISFIFO(mode)) return "a FIFO";
  if (S_ISSOCK(mode)) return "a socket";
  if (S_ISCHR(mode) || S_ISBLK(mode)) return "a device";
  if (S_ISDIR(mode)) return "a directory";
  return "not a regular file";
}

FileSnapshot read_snapshot(const fs::path& path) {
  // O_NONBLOCK: opening a FIFO must not wait for a writer; it is refused below, unread.
  Fd f(::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC));
  if (f.fd < 0) {
    if (errno == ENOENT) fail(path, "no such file or directory");
    fail(path, "cannot open", errno);
  }
  struct stat st {};
  if (::fstat(f.fd, &st) != 0) fail(path, "cannot stat", errno);
  if (S_ISDIR(st.st_mode)) fail(path, "is a directory");
  if (!S_ISREG(st.st_mode)) fail(path, file_kind(st.st_mode) + ", not a regular file: not read");
  FileSnapshot snap;
  snap.device = st.st_dev;
  snap.inode = st.st_ino;
  snap.size = st.st_size;
  snap.mtime_ns = mtime_ns(st);
  snap.bytes = read_all(f.fd, path);
  return snap;
}

std::string read_file(const fs::path& path) {
  return read_snapshot(path).bytes;
}

void write_if_unchanged(const fs::path& path, const FileSnapshot& before,
                        const std::string& bytes) {
  fs::path target = path;
  std::error_code ec;
  if (fs::is_symlink(fs::symlink_status(path, ec))) {
    target = fs::canonical(path, ec);
    if (ec) fail(path, "cannot resolve symlink: " + ec.message());
  }
  struct stat st {};
  if (::stat(target.c_str(), &st) != 0) fail(target, "cannot stat", errno);
  if (!S_ISREG(st.st_mode)) fail(target, file_kind(st.st_mode) + ", not a regular file");
  require_writable(target, st);
  if (st.st_nlink > 1 || !write_by_rename(target, st, before, bytes))
    write_in_place(target, before, bytes);
}

} // namespace axl::annotate
