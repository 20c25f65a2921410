#include "base/atomic_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace stepwise {

AtomicFile::~AtomicFile() {
  if (f_ && !is_stdout_) {
    std::fclose(f_);
    std::remove(tmp_.c_str());
  }
}

Status AtomicFile::open(const std::string& path) {
  path_ = path;
  if (path == "-") {
    f_ = stdout;
    is_stdout_ = true;
    return Status::Ok();
  }
  tmp_ = path + ".tmp-XXXXXX";
  int fd = ::mkstemp(tmp_.data());
  if (fd < 0) return Error{path + ": cannot create output: " + std::strerror(errno)};
  ::fchmod(fd, 0644);
  f_ = ::fdopen(fd, "wb");
  if (!f_) {
    ::close(fd);
    std::remove(tmp_.c_str());
    return Error{path + ": cannot open output: " + std::strerror(errno)};
  }
  static constexpr size_t kBuf = 1 << 20;
  std::setvbuf(f_, nullptr, _IOFBF, kBuf);
  return Status::Ok();
}

void AtomicFile::write(std::string_view data) {
  if (!f_ || failed_) return;
  if (std::fwrite(data.data(), 1, data.size(), f_) != data.size()) failed_ = true;
}

Status AtomicFile::commit() {
  if (!f_) return Error{path_ + ": output was not opened"};
  if (is_stdout_) {
    bool ok = std::fflush(f_) == 0 && !failed_;
    f_ = nullptr;
    if (!ok) return Error{"-: write to standard output failed"};
    return Status::Ok();
  }
  bool ok = !failed_ && std::fflush(f_) == 0 && ::fsync(::fileno(f_)) == 0;
  int err = errno;
  ok = (std::fclose(f_) == 0) && ok;
  f_ = nullptr;
  if (!ok) {
    std::remove(tmp_.c_str());
    return Error{path_ + ": write failed: " + std::strerror(err)};
  }
  if (std::rename(tmp_.c_str(), path_.c_str()) != 0) {
    err = errno;
    std::remove(tmp_.c_str());
    return Error{path_ + ": cannot rename into place: " + std::strerror(err)};
  }
  return Status::Ok();
}

Status write_file_atomic(const std::string& path, std::string_view data) {
  AtomicFile f;
  if (auto s = f.open(path); !s) return s;
  f.write(data);
  return f.commit();
}

Result<std::string> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error{path + ": cannot open: " + std::strerror(errno)};
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) return Error{path + ": read failed"};
  return ss.str();
}

}  // namespace stepwise
