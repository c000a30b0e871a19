// The memory VFS (see memory_vfs.h). Its rules are those of SQLite's unix VFS, kept in one
// process: a file's five lock levels (os_unix.c's comment on them) and the eight locks of
// the WAL index, each held shared by many connections or exclusively by one.
#include "storage/memory_vfs.h"

#include <sqlite3.h>

#include <algorithm>
#include <atomic>
#include <cstring>
#include <memory>
#include <mutex>
#include <new>
#include <string>
#include <unordered_map>
#include <vector>

namespace ecl {

namespace {

// A file's bytes, in chunks that never move: a growing database is never copied whole (under
// the lock every reader needs), and a file takes only the memory of what it holds.
class Bytes {
 public:
  static constexpr size_t kChunk = 64 * 1024;

  size_t size() const { return size_; }

  void Read(char* out, size_t offset, size_t n) const {
    Visit(offset, n, [&](char* chunk, size_t len) {
      std::memcpy(out, chunk, len);
      out += len;
    });
  }
  // Throws std::bad_alloc when there is no memory to grow into.
  void Write(const char* in, size_t offset, size_t n) {
    Resize(std::max(size_, offset + n));
    Visit(offset, n, [&](char* chunk, size_t len) {
      std::memcpy(chunk, in, len);
      in += len;
    });
  }
  // What lies between the old end and a new, larger one reads as zeros, as in a file.
  void Resize(size_t size) {
    if (size < size_) {
      chunks_.resize((size + kChunk - 1) / kChunk);
      if (size % kChunk) std::memset(chunks_.back().get() + size % kChunk, 0, kChunk - size % kChunk);
    }
    while (chunks_.size() * kChunk < size) chunks_.push_back(std::make_unique<char[]>(kChunk));
    size_ = size;
  }

 private:
  template <typename F>
  void Visit(size_t offset, size_t n, F&& f) const {
    while (n > 0) {
      const size_t at = offset % kChunk;
      const size_t len = std::min(n, kChunk - at);
      f(chunks_[offset / kChunk].get() + at, len);
      offset += len;
      n -= len;
    }
  }

  std::vector<std::unique_ptr<char[]>> chunks_;  // zeroed when made
  size_t size_ = 0;
};

// One file's bytes, the locks on it and, for a database file, its WAL index.
struct MemoryFile {
  // Under the registry's lock:
  int opens = 0;         // handles open on it
  bool named = false;    // found by its name (not yet deleted)
  bool main_db = false;  // a database, not its WAL or journal
  std::string name;

  std::mutex mu;  // for what follows; SQLite reads the WAL index's bytes without it
  Bytes bytes;
  int shared = 0;         // handles holding SHARED or above
  bool reserved = false;  // one handle holds RESERVED, PENDING or EXCLUSIVE
  bool pending = false;   // … PENDING or EXCLUSIVE: no new SHARED (the holder's level says which)

  std::vector<std::unique_ptr<char[]>> index_regions;
  int index_maps = 0;  // handles that mapped the index
  int index_shared[SQLITE_SHM_NLOCK] = {};
  bool index_exclusive[SQLITE_SHM_NLOCK] = {};
};

struct Registry {
  std::mutex mu;
  std::unordered_map<std::string, MemoryFile*> by_name;
};

Registry& Files() {
  static Registry* registry = new Registry;  // outlives every connection, even static ones
  return *registry;
}

// What SQLite allocates for an open file (szOsFile): only trivial members, so it needs no
// constructor, and `base` is at its start.
struct Handle {
  sqlite3_file base;
  MemoryFile* file;
  int lock;                  // SQLITE_LOCK_*
  unsigned index_shared;     // bit i: holds index lock i shared
  unsigned index_exclusive;  // … exclusively
  bool index_mapped;
};

MemoryFile& FileOf(sqlite3_file* f) { return *reinterpret_cast<Handle*>(f)->file; }
Handle& HandleOf(sqlite3_file* f) { return *reinterpret_cast<Handle*>(f); }

// Takes `name` out of the registry (the registry's lock held); the file goes with its last
// handle.
bool Unname(Registry& files, const std::string& name) {
  auto it = files.by_name.find(name);
  if (it == files.by_name.end()) return false;
  MemoryFile* file = it->second;
  files.by_name.erase(it);
  file->named = false;
  if (file->opens == 0) delete file;
  return true;
}

void Release(MemoryFile* file) {
  Registry& files = Files();
  std::lock_guard lock(files.mu);
  if (--file->opens > 0) return;
  // A journal or WAL stays, as a file would, until SQLite deletes it. A database goes with
  // its last connection — and whatever it left beside it — so a closed store frees its memory.
  if (file->named && !file->main_db) return;
  if (file->named) {
    const std::string name = file->name;
    Unname(files, name);
    Unname(files, name + "-wal");
    Unname(files, name + "-journal");
    return;
  }
  delete file;
}

// --- the file ---

int Close(sqlite3_file* f) {
  Release(HandleOf(f).file);
  return SQLITE_OK;
}

int Read(sqlite3_file* f, void* out, int amount, sqlite3_int64 offset) {
  MemoryFile& file = FileOf(f);
  std::lock_guard lock(file.mu);
  const auto size = sqlite3_int64(file.bytes.size());
  const sqlite3_int64 available = std::clamp<sqlite3_int64>(size - offset, 0, amount);
  if (available > 0) file.bytes.Read(static_cast<char*>(out), size_t(offset), size_t(available));
  if (available == amount) return SQLITE_OK;
  std::memset(static_cast<char*>(out) + available, 0, size_t(amount - available));
  return SQLITE_IOERR_SHORT_READ;
}

int Write(sqlite3_file* f, const void* in, int amount, sqlite3_int64 offset) {
  MemoryFile& file = FileOf(f);
  std::lock_guard lock(file.mu);
  try {
    file.bytes.Write(static_cast<const char*>(in), size_t(offset), size_t(amount));
  } catch (const std::bad_alloc&) {
    return SQLITE_FULL;
  }
  return SQLITE_OK;
}

int Truncate(sqlite3_file* f, sqlite3_int64 size) {
  MemoryFile& file = FileOf(f);
  std::lock_guard lock(file.mu);
  if (sqlite3_int64(file.bytes.size()) > size) file.bytes.Resize(size_t(size));
  return SQLITE_OK;
}

int Sync(sqlite3_file*, int) { return SQLITE_OK; }  // nothing outlives the process

int FileSize(sqlite3_file* f, sqlite3_int64* size) {
  MemoryFile& file = FileOf(f);
  std::lock_guard lock(file.mu);
  *size = sqlite3_int64(file.bytes.size());
  return SQLITE_OK;
}

int Lock(sqlite3_file* f, int level) {
  Handle& h = HandleOf(f);
  MemoryFile& file = *h.file;
  std::lock_guard lock(file.mu);
  if (h.lock >= level) return SQLITE_OK;
  switch (level) {
    case SQLITE_LOCK_SHARED:
      if (file.pending) return SQLITE_BUSY;
      ++file.shared;
      h.lock = SQLITE_LOCK_SHARED;
      return SQLITE_OK;
    case SQLITE_LOCK_RESERVED:
      if (file.reserved) return SQLITE_BUSY;
      file.reserved = true;
      h.lock = SQLITE_LOCK_RESERVED;
      return SQLITE_OK;
    default:  // EXCLUSIVE, through PENDING: new readers wait while the present ones finish
      if (h.lock == SQLITE_LOCK_SHARED) {
        if (file.reserved) return SQLITE_BUSY;
        file.reserved = true;
      }
      file.pending = true;
      h.lock = SQLITE_LOCK_PENDING;
      if (file.shared > 1) return SQLITE_BUSY;
      h.lock = SQLITE_LOCK_EXCLUSIVE;
      return SQLITE_OK;
  }
}

int Unlock(sqlite3_file* f, int level) {
  Handle& h = HandleOf(f);
  MemoryFile& file = *h.file;
  std::lock_guard lock(file.mu);
  if (h.lock <= level) return SQLITE_OK;
  if (h.lock >= SQLITE_LOCK_RESERVED) file.reserved = file.pending = false;
  if (level == SQLITE_LOCK_NONE) --file.shared;
  h.lock = level;
  return SQLITE_OK;
}

int CheckReservedLock(sqlite3_file* f, int* reserved) {
  MemoryFile& file = FileOf(f);
  std::lock_guard lock(file.mu);
  *reserved = file.reserved ? 1 : 0;
  return SQLITE_OK;
}

int FileControl(sqlite3_file*, int, void*) { return SQLITE_NOTFOUND; }
int SectorSize(sqlite3_file*) { return 4096; }
int DeviceCharacteristics(sqlite3_file*) {
  return SQLITE_IOCAP_ATOMIC | SQLITE_IOCAP_SAFE_APPEND | SQLITE_IOCAP_SEQUENTIAL |
         SQLITE_IOCAP_POWERSAFE_OVERWRITE;
}

// --- the WAL index ("shared memory"): regions whose addresses never move ---

int IndexMap(sqlite3_file* f, int region, int region_size, int extend, void volatile** out) {
  Handle& h = HandleOf(f);
  MemoryFile& file = *h.file;
  std::lock_guard lock(file.mu);
  if (!h.index_mapped) {
    h.index_mapped = true;
    ++file.index_maps;
  }
  if (int(file.index_regions.size()) <= region) {
    if (!extend) {
      *out = nullptr;
      return SQLITE_OK;
    }
    try {
      while (int(file.index_regions.size()) <= region)
        file.index_regions.push_back(std::make_unique<char[]>(size_t(region_size)));  // zeroed
    } catch (const std::bad_alloc&) {
      return SQLITE_NOMEM;
    }
  }
  *out = file.index_regions[size_t(region)].get();
  return SQLITE_OK;
}

int IndexLock(sqlite3_file* f, int offset, int n, int flags) {
  Handle& h = HandleOf(f);
  MemoryFile& file = *h.file;
  std::lock_guard lock(file.mu);
  const unsigned mask = ((1u << n) - 1u) << offset;
  if (flags & SQLITE_SHM_UNLOCK) {
    for (int i = offset; i < offset + n; ++i) {
      const unsigned bit = 1u << i;
      if (h.index_shared & bit) --file.index_shared[i];
      if (h.index_exclusive & bit) file.index_exclusive[i] = false;
    }
    h.index_shared &= ~mask;
    h.index_exclusive &= ~mask;
    return SQLITE_OK;
  }
  if (flags & SQLITE_SHM_SHARED) {  // one lock at a time
    if (h.index_shared & mask) return SQLITE_OK;
    if (file.index_exclusive[offset]) return SQLITE_BUSY;
    ++file.index_shared[offset];
    h.index_shared |= mask;
    return SQLITE_OK;
  }
  for (int i = offset; i < offset + n; ++i) {
    const unsigned bit = 1u << i;
    const int others_shared = file.index_shared[i] - ((h.index_shared & bit) ? 1 : 0);
    if (others_shared > 0 || (file.index_exclusive[i] && !(h.index_exclusive & bit)))
      return SQLITE_BUSY;
  }
  for (int i = offset; i < offset + n; ++i) file.index_exclusive[i] = true;
  h.index_exclusive |= mask;
  return SQLITE_OK;
}

void IndexBarrier(sqlite3_file*) { std::atomic_thread_fence(std::memory_order_seq_cst); }

int IndexUnmap(sqlite3_file* f, int) {
  Handle& h = HandleOf(f);
  // Whatever it still holds, shared or exclusive (an unlock releases both kinds).
  IndexLock(f, 0, SQLITE_SHM_NLOCK, SQLITE_SHM_UNLOCK | SQLITE_SHM_SHARED);
  MemoryFile& file = *h.file;
  std::lock_guard lock(file.mu);
  if (!h.index_mapped) return SQLITE_OK;
  h.index_mapped = false;
  // The last connection gone: the index is rebuilt from the WAL by whoever opens next.
  if (--file.index_maps == 0) file.index_regions.clear();
  return SQLITE_OK;
}

const sqlite3_io_methods kMethods = {
    2,  // with the WAL index; no memory mapping (xFetch)
    Close,
    Read,
    Write,
    Truncate,
    Sync,
    FileSize,
    Lock,
    Unlock,
    CheckReservedLock,
    FileControl,
    SectorSize,
    DeviceCharacteristics,
    IndexMap,
    IndexLock,
    IndexBarrier,
    IndexUnmap,
    nullptr,
    nullptr,
};

// --- the VFS ---

sqlite3_vfs* Default(sqlite3_vfs* vfs) { return static_cast<sqlite3_vfs*>(vfs->pAppData); }

int Open(sqlite3_vfs*, const char* name, sqlite3_file* f, int flags, int* out_flags) {
  Handle& h = HandleOf(f);
  h.base.pMethods = nullptr;  // until it is open: SQLite then does not close it
  h.lock = SQLITE_LOCK_NONE;
  h.index_shared = h.index_exclusive = 0;
  h.index_mapped = false;
  MemoryFile* file = nullptr;
  {
    Registry& files = Files();
    std::lock_guard lock(files.mu);
    auto it = name ? files.by_name.find(name) : files.by_name.end();
    if (it != files.by_name.end()) {
      file = it->second;
    } else if (!(flags & SQLITE_OPEN_CREATE) && name) {
      return SQLITE_CANTOPEN;
    } else {
      file = new (std::nothrow) MemoryFile;
      if (!file) return SQLITE_NOMEM;
      file->main_db = (flags & SQLITE_OPEN_MAIN_DB) != 0;
      if (name) {
        file->named = true;
        file->name = name;
        files.by_name.emplace(name, file);
      }
    }
    ++file->opens;
  }
  h.file = file;
  h.base.pMethods = &kMethods;
  if (out_flags) *out_flags = flags;
  return SQLITE_OK;
}

int Delete(sqlite3_vfs*, const char* name, int) {
  Registry& files = Files();
  std::lock_guard lock(files.mu);
  // Its open handles keep it until they close.
  return Unname(files, name) ? SQLITE_OK : SQLITE_IOERR_DELETE_NOENT;
}

int Access(sqlite3_vfs*, const char* name, int, int* result) {
  // As the unix VFS answers: a file exists when it has bytes (an empty WAL is no WAL).
  MemoryFile* file = nullptr;
  {
    Registry& files = Files();
    std::lock_guard lock(files.mu);
    auto it = files.by_name.find(name);
    if (it == files.by_name.end()) {
      *result = 0;
      return SQLITE_OK;
    }
    file = it->second;
    std::lock_guard file_lock(file->mu);
    *result = file->bytes.size() > 0 ? 1 : 0;
  }
  return SQLITE_OK;
}

int FullPathname(sqlite3_vfs*, const char* name, int size, char* out) {
  sqlite3_snprintf(size, out, "%s", name);
  return SQLITE_OK;
}

void* DlOpen(sqlite3_vfs* vfs, const char* path) { return Default(vfs)->xDlOpen(Default(vfs), path); }
void DlError(sqlite3_vfs* vfs, int n, char* out) { Default(vfs)->xDlError(Default(vfs), n, out); }
void (*DlSym(sqlite3_vfs* vfs, void* lib, const char* sym))(void) {
  return Default(vfs)->xDlSym(Default(vfs), lib, sym);
}
void DlClose(sqlite3_vfs* vfs, void* lib) { Default(vfs)->xDlClose(Default(vfs), lib); }
int Randomness(sqlite3_vfs* vfs, int n, char* out) {
  return Default(vfs)->xRandomness(Default(vfs), n, out);
}
int Sleep(sqlite3_vfs* vfs, int micros) { return Default(vfs)->xSleep(Default(vfs), micros); }
int CurrentTime(sqlite3_vfs* vfs, double* now) {
  return Default(vfs)->xCurrentTime(Default(vfs), now);
}
int GetLastError(sqlite3_vfs*, int, char*) { return 0; }
int CurrentTimeInt64(sqlite3_vfs* vfs, sqlite3_int64* now) {
  return Default(vfs)->xCurrentTimeInt64(Default(vfs), now);
}

}  // namespace

const char* MemoryVfs() {
  static const char* const name = [] {
    static sqlite3_vfs vfs = {};
    vfs.iVersion = 2;
    vfs.szOsFile = sizeof(Handle);
    vfs.mxPathname = 512;
    vfs.zName = "ecl-memory";
    vfs.pAppData = sqlite3_vfs_find(nullptr);
    vfs.xOpen = Open;
    vfs.xDelete = Delete;
    vfs.xAccess = Access;
    vfs.xFullPathname = FullPathname;
    vfs.xDlOpen = DlOpen;
    vfs.xDlError = DlError;
    vfs.xDlSym = DlSym;
    vfs.xDlClose = DlClose;
    vfs.xRandomness = Randomness;
    vfs.xSleep = Sleep;
    vfs.xCurrentTime = CurrentTime;
    vfs.xGetLastError = GetLastError;
    vfs.xCurrentTimeInt64 = CurrentTimeInt64;
    sqlite3_vfs_register(&vfs, 0);
    return vfs.zName;
  }();
  return name;
}

std::string NewMemoryDatabaseName() {
  static std::atomic<unsigned long> next{0};
  return "/ecl-memory/" + std::to_string(++next) + ".db";
}

}  // namespace ecl
