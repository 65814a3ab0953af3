// Linked into the prebuilt binaries only (binding.gyp, kaiming_prebuild): keeps
// the glibc they need low, so one binary made on Debian 12 (glibc 2.36) loads
// on older distributions too. README "Installing" states the floor, and
// .ci/glibc-floor.sh measures it (objdump -T) and compares.
//
// With libstdc++ and libgcc linked statically, the binary refers to these
// glibc symbols at versions newer than the rest:
//   pthread_create ... pthread_setspecific  GLIBC_2.34, pthread_sigmask 2.32 (glibc 2.34 moved them
//       from libpthread into libc under a new version; the old version stays
//       exported, glibc NEWS for 2.34)
//   __libc_single_threaded  GLIBC_2.32 (libstdc++'s reference counts)
//   _dl_find_object         GLIBC_2.35 (libgcc's unwinder, unwind-dw2-fde-dip.c
//       in gcc-mirror/gcc, when glibc has it)
//   arc4random, getentropy  GLIBC_2.36, 2.25 (std::random_device, which kaiming never
//       constructs; libstdc++'s random.o comes in with its COW strings)
//   exp, log 2.29; expf, logf 2.27 (the torch stream's libm paths,
//       native/kernel/torch_transforms.cc). glibc 2.27 and 2.29 gave them new
//       versions only to drop the SVID error wrapper (glibc NEWS for 2.27 and
//       2.29); the old versions, exported beside them, wrap the same
//       implementation (math/w_exp_compat.c and friends) and give the same
//       values, so the torch stream still equals torch on the same glibc.
// The linker's --wrap=NAME sends every reference to NAME, those inside
// libstdc++.a and libgcc_eh.a included, to __wrap_NAME below, which calls the
// old version of the same function (.symver) or does the same work with older
// functions. All are hidden: the binary exports only its Node-API entry point.
// Before glibc 2.34 the old pthread functions live in libpthread.so.0, which
// Node itself links, so they resolve from the process's global scope.
#if defined(__linux__)
#include <features.h>  // defines __GLIBC__ on glibc
#endif
#if defined(__linux__) && defined(__GLIBC__)

#include <dlfcn.h>
#include <link.h>
#include <pthread.h>
#include <signal.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <cstring>

#if defined(__x86_64__)
#define KAIMING_GLIBC_BASE "GLIBC_2.2.5"
#elif defined(__aarch64__)
#define KAIMING_GLIBC_BASE "GLIBC_2.17"
#else
#error "glibc_compat.cc: no base glibc version for this architecture"
#endif

#define KAIMING_HIDDEN __attribute__((visibility("hidden")))
// old_NAME is NAME at the architecture's first glibc version.
#define KAIMING_OLD(name) __asm__(".symver old_" #name ", " #name "@" KAIMING_GLIBC_BASE)

extern "C" {

int old_pthread_create(pthread_t*, const pthread_attr_t*, void* (*)(void*), void*);
int old_pthread_join(pthread_t, void**);
int old_pthread_detach(pthread_t);
int old_pthread_once(pthread_once_t*, void (*)());
int old_pthread_key_create(pthread_key_t*, void (*)(void*));
int old___pthread_key_create(pthread_key_t*, void (*)(void*));
int old_pthread_key_delete(pthread_key_t);
void* old_pthread_getspecific(pthread_key_t);
int old_pthread_setspecific(pthread_key_t, const void*);
int old_pthread_sigmask(int, const sigset_t*, sigset_t*);
KAIMING_OLD(pthread_create);
KAIMING_OLD(pthread_join);
KAIMING_OLD(pthread_detach);
KAIMING_OLD(pthread_once);
KAIMING_OLD(pthread_key_create);
KAIMING_OLD(__pthread_key_create);
KAIMING_OLD(pthread_key_delete);
KAIMING_OLD(pthread_getspecific);
KAIMING_OLD(pthread_setspecific);
KAIMING_OLD(pthread_sigmask);

KAIMING_HIDDEN int __wrap_pthread_create(pthread_t* t, const pthread_attr_t* a, void* (*f)(void*), void* arg) {
  return old_pthread_create(t, a, f, arg);
}
KAIMING_HIDDEN int __wrap_pthread_join(pthread_t t, void** result) { return old_pthread_join(t, result); }
KAIMING_HIDDEN int __wrap_pthread_detach(pthread_t t) { return old_pthread_detach(t); }
KAIMING_HIDDEN int __wrap_pthread_once(pthread_once_t* once, void (*f)()) { return old_pthread_once(once, f); }
KAIMING_HIDDEN int __wrap_pthread_key_create(pthread_key_t* k, void (*d)(void*)) { return old_pthread_key_create(k, d); }
// libstdc++ (gthr-posix.h) takes this one's address to ask whether threads are
// in use; the wrapper's address is never null, the answer glibc >= 2.34 gives too.
KAIMING_HIDDEN int __wrap___pthread_key_create(pthread_key_t* k, void (*d)(void*)) {
  return old___pthread_key_create(k, d);
}
KAIMING_HIDDEN int __wrap_pthread_key_delete(pthread_key_t k) { return old_pthread_key_delete(k); }
KAIMING_HIDDEN void* __wrap_pthread_getspecific(pthread_key_t k) { return old_pthread_getspecific(k); }
KAIMING_HIDDEN int __wrap_pthread_setspecific(pthread_key_t k, const void* v) { return old_pthread_setspecific(k, v); }
KAIMING_HIDDEN int __wrap_pthread_sigmask(int how, const sigset_t* set, sigset_t* old) {
  return old_pthread_sigmask(how, set, old);
}

// glibc's <sys/single_threaded.h>: non-zero only while the process certainly
// has one thread. Zero is always a correct answer (libstdc++ then uses atomic
// operations), and a Node process has several threads anyway.
KAIMING_HIDDEN char __libc_single_threaded = 0;

// The same answer as glibc's _dl_find_object (dlfcn.h) for what libgcc's
// unwinder reads: the PT_GNU_EH_FRAME segment of the object whose PT_LOAD
// segments hold pc, found with dl_iterate_phdr (the way libgcc itself looks
// on a glibc without _dl_find_object). dlfo_link_map is left null (libgcc
// does not read it). The base for DW_EH_PE_datarel is null, as libgcc's
// dl_iterate_phdr path has it on x86-64 and arm64.
namespace {
struct FindObject {
  uintptr_t pc;
  dl_find_object* out;
  bool found;
};

int find_object(dl_phdr_info* info, size_t, void* data) {
  auto* search = static_cast<FindObject*>(data);
  uintptr_t lo = UINTPTR_MAX, hi = 0;
  bool holds_pc = false;
  void* eh_frame = nullptr;
  for (int i = 0; i < info->dlpi_phnum; ++i) {
    const ElfW(Phdr)& segment = info->dlpi_phdr[i];
    const uintptr_t start = info->dlpi_addr + segment.p_vaddr;
    if (segment.p_type == PT_LOAD) {
      const uintptr_t end = start + segment.p_memsz;
      if (start < lo) lo = start;
      if (end > hi) hi = end;
      if (search->pc >= start && search->pc < end) holds_pc = true;
    } else if (segment.p_type == PT_GNU_EH_FRAME) {
      eh_frame = reinterpret_cast<void*>(start);
    }
  }
  if (!holds_pc) return 0;
  std::memset(search->out, 0, sizeof *search->out);
  search->out->dlfo_map_start = reinterpret_cast<void*>(lo);
  search->out->dlfo_map_end = reinterpret_cast<void*>(hi);
  search->out->dlfo_eh_frame = eh_frame;
  search->found = true;
  return 1;
}
}  // namespace

KAIMING_HIDDEN int __wrap__dl_find_object(void* pc, dl_find_object* result) {
  FindObject search{reinterpret_cast<uintptr_t>(pc), result, false};
  dl_iterate_phdr(find_object, &search);
  return search.found ? 0 : -1;
}

// getentropy (GLIBC_2.25) from the getrandom system call, as glibc's own is
// (sysdeps/unix/sysv/linux/getentropy.c): at most 256 bytes, retried on EINTR.
KAIMING_HIDDEN int __wrap_getentropy(void* buffer, size_t length) {
  if (length > 256) {
    errno = EIO;
    return -1;
  }
  auto* bytes = static_cast<unsigned char*>(buffer);
  while (length > 0) {
    const long got = syscall(SYS_getrandom, bytes, length, 0);
    if (got < 0) {
      if (errno == EINTR) continue;
      return -1;
    }
    bytes += got;
    length -= static_cast<size_t>(got);
  }
  return 0;
}

// arc4random from the same; like glibc's arc4random, it aborts rather than
// return a weak value.
KAIMING_HIDDEN uint32_t __wrap_arc4random(void) {
  uint32_t value;
  if (__wrap_getentropy(&value, sizeof value) != 0) std::abort();
  return value;
}

double old_exp(double);
double old_log(double);
KAIMING_OLD(exp);
KAIMING_OLD(log);
KAIMING_HIDDEN double __wrap_exp(double x) { return old_exp(x); }
KAIMING_HIDDEN double __wrap_log(double x) { return old_log(x); }
float old_expf(float);
float old_logf(float);
KAIMING_OLD(expf);
KAIMING_OLD(logf);
KAIMING_HIDDEN float __wrap_expf(float x) { return old_expf(x); }
KAIMING_HIDDEN float __wrap_logf(float x) { return old_logf(x); }

}  // extern "C"

#endif  // __linux__ && __GLIBC__
