// Reading and rewriting the files `annotate` edits, so that nothing is ever lost: non-regular files
// are refused without blocking, a file that changed after it was read is left alone, a file we may
// not write is an error, and mode bits (setuid/setgid included), owner and hard links are kept.
#pragma once

#include <filesystem>
#include <string>
#include <sys/types.h>

namespace axl::annotate {

// A file's bytes and the identity they were read under, to tell later whether it is still the same.
struct FileSnapshot {
  std::string bytes;
  dev_t device = 0;
  ino_t inode = 0;
  off_t size = 0;
  long long mtime_ns = 0;
};

// "a FIFO", "a socket", "a device", "a directory", else "not a regular file": for messages.
std::string file_kind(mode_t mode);

// Reads a whole regular file. A FIFO, socket or device is refused (opened without blocking, never
// read). Throws std::runtime_error("<path>: <reason>") on any error.
FileSnapshot read_snapshot(const std::filesystem::path& path);

// read_snapshot(path).bytes.
std::string read_file(const std::filesystem::path& path);

// Replaces the contents of `path` (through symlinks: the link stays) by `bytes`, provided the file
// is still exactly `before` (inode, size, mtime and every byte), checked as late as possible.
// Usually atomically: a temporary file in the same directory (temp_files.h) with the original's
// mode bits and owner, fsync, rename. In place instead (same checks, then write, truncate, fsync)
// when a rename would lose something: the file has several hard links, or its owner or group
// cannot be given to a new file, or the directory is not writable. Throws std::runtime_error when
// the file changed, may not be written ("Permission denied", read-only mode bits included) or on
// an I/O error; the file is untouched then.
void write_if_unchanged(const std::filesystem::path& path, const FileSnapshot& before,
                        const std::string& bytes);

} // namespace axl::annotate
