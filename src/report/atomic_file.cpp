// Atomic replacement of an output file: write a sibling temporary file, flush it, rename it.
//
// rename(2) within one directory replaces the target in a single step, so a reader (or a CI step
// after a killed run) sees the old file or the complete new one. The temporary file is created
// with O_EXCL under a name unique to this process, so concurrent writers never share one, and it
// is created with mode 0666 so the umask decides the permissions, as for any new file; an
// existing target's permission bits are carried over. Every failure path removes the temporary
// file before the error leaves this function.
#include <rigcheck/report/atomic_file.hpp>

#include <rigcheck/load/file_kind.hpp>

#include <fmt/format.h>

#include <atomic>
#include <string>
#include <cerrno>
#include <system_error>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace rigcheck {

namespace {

namespace fs = std::filesystem;

[[noreturn]] void throw_io_error(int error, std::string_view action, const fs::path& target) {
    throw std::system_error(error, std::generic_category(), fmt::format("cannot {} {}", action, target.string()));
}

/// Owns the temporary file until it has been renamed over the target: the destructor closes it
/// and removes it, which covers every early exit, exceptions included.
class temporary_file {
public:
    explicit temporary_file(const fs::path& target) {
        static std::atomic<unsigned> counter{0};
        const fs::path directory = target.parent_path().empty() ? fs::path(".") : target.parent_path();
        // A stale file from a crashed process with a recycled pid can take a name; try the next.
        constexpr int attempts = 100;
        for (int attempt = 0; attempt < attempts; ++attempt) {
            path_ = directory / fmt::format(".{}.{}.{}.tmp", stem_for(target), ::getpid(), counter++);
            descriptor_ = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
            if (descriptor_ >= 0) {
                return;
            }
            if (errno != EEXIST) {
                break;
            }
        }
        const int error = errno;
        path_.clear();
        throw_io_error(error, "create a temporary file to write", target);
    }

    temporary_file(const temporary_file&) = delete;
    temporary_file& operator=(const temporary_file&) = delete;

    ~temporary_file() {
        close_quietly();
        if (!path_.empty()) {
            ::unlink(path_.c_str());
        }
    }

    [[nodiscard]] int descriptor() const { return descriptor_; }
    [[nodiscard]] const fs::path& path() const { return path_; }

    /// Closes the file, reporting the error that close(2) can be the first to see (NFS, quotas).
    [[nodiscard]] int close() {
        const int result = ::close(descriptor_);
        descriptor_ = -1;
        return result == 0 ? 0 : errno;
    }

    /// After a successful rename the file is the target: it must no longer be removed.
    void release() { path_.clear(); }

private:
    /// The target's name, shortened so the temporary name stays within NAME_MAX (255 bytes).
    static std::string stem_for(const fs::path& target) {
        constexpr std::size_t longest_stem = 200;
        std::string name = target.filename().string();
        if (name.size() > longest_stem) {
            name.resize(longest_stem);
        }
        return name;
    }

    void close_quietly() {
        if (descriptor_ >= 0) {
            ::close(descriptor_);
            descriptor_ = -1;
        }
    }

    fs::path path_;
    int descriptor_ = -1;
};

void write_all(int descriptor, std::string_view content, const fs::path& target) {
    while (!content.empty()) {
        const ssize_t written = ::write(descriptor, content.data(), content.size());
        if (written < 0) {
            if (errno == EINTR) {
                continue;
            }
            throw_io_error(errno, "write", target);
        }
        content.remove_prefix(static_cast<std::size_t>(written));
    }
}

/// Makes the rename itself durable. Best effort: some file systems refuse fsync on a directory,
/// and the new content is already complete and in place by then.
void sync_directory(const fs::path& directory) {
    const int descriptor = ::open(directory.empty() ? "." : directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (descriptor >= 0) {
        ::fsync(descriptor);
        ::close(descriptor);
    }
}

/// Writes into an existing file that is not replaced: a device, a FIFO, /dev/stdout.
void write_into(const fs::path& target, std::string_view content) {
    const int descriptor = ::open(target.c_str(), O_WRONLY | O_APPEND | O_NOCTTY | O_CLOEXEC);
    if (descriptor < 0) throw_io_error(errno, "open", target);
    try {
        write_all(descriptor, content, target);
    } catch (...) {
        ::close(descriptor);
        throw;
    }
    if (::close(descriptor) != 0 && errno != EINTR) throw_io_error(errno, "write", target);
}

bool under_system_directory(const fs::path& target) {
    std::error_code status;
    const auto absolute = fs::absolute(target, status).lexically_normal().string();
    return absolute.starts_with("/dev/") || absolute.starts_with("/proc/");
}

} // namespace

std::optional<fs::path> same_file_among(const fs::path& target, std::span<const fs::path> candidates) {
    struct stat wanted {};
    if (::stat(target.c_str(), &wanted) != 0) return std::nullopt;
    for (const auto& candidate : candidates) {
        struct stat other {};
        if (::stat(candidate.c_str(), &other) == 0 && other.st_dev == wanted.st_dev && other.st_ino == wanted.st_ino)
            return candidate;
    }
    return std::nullopt;
}

void write_output_file(const fs::path& target, std::string_view content, std::span<const fs::path> inputs) {
    if (target.empty()) throw output_refused("the output path is empty");
    if (const auto input = same_file_among(target, inputs))
        throw output_refused(fmt::format("refusing to write to `{}`: it is `{}`, which this run reads", target.string(),
                                         input->string()));
    struct stat followed {};
    const bool exists = ::stat(target.c_str(), &followed) == 0;
    if (exists && S_ISDIR(followed.st_mode))
        throw output_refused(fmt::format("cannot write to `{}`: it is a directory", target.string()));
    if ((exists && !S_ISREG(followed.st_mode)) || under_system_directory(target)) {
        write_into(target, content);
        return;
    }
    if (exists && detect_file_kind_of(target))
        throw output_refused(
            fmt::format("refusing to write to `{}`: it is a rigcheck file, not a report (was an "
                        "output path forgotten?)",
                        target.string()));
    write_file_atomically(target, content);
}

void write_file_atomically(const fs::path& target, std::string_view content, const before_rename_hook& before_rename) {
    if (target.empty() || !target.has_filename()) {
        throw_io_error(EISDIR, "write", target);
    }
    temporary_file temporary(target);

    struct stat existing {};
    if (::stat(target.c_str(), &existing) == 0 && S_ISREG(existing.st_mode)) {
        if (::fchmod(temporary.descriptor(), existing.st_mode & 07777) != 0) {
            throw_io_error(errno, "set the permissions of", target);
        }
    }

    write_all(temporary.descriptor(), content, target);
    if (::fsync(temporary.descriptor()) != 0) {
        throw_io_error(errno, "flush", target);
    }
    if (const int error = temporary.close(); error != 0) {
        throw_io_error(error, "write", target);
    }
    if (before_rename) {
        before_rename(temporary.path());
    }
    if (::rename(temporary.path().c_str(), target.c_str()) != 0) {
        throw_io_error(errno, "replace", target);
    }
    temporary.release();
    sync_directory(target.parent_path());
}

} // namespace rigcheck
