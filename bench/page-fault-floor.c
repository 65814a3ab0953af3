// The page-fault floor of a new tensor: what it costs to bring the same bytes
// into a process, without kaiming, with each way of faulting them in.
//   cc -O2 -pthread -o /tmp/page-fault-floor bench/page-fault-floor.c && /tmp/page-fault-floor [bytes=134217728] [rounds=5]
// npm run bench compiles and runs it itself. Each case maps fresh anonymous
// memory, writes every byte of it once (memset, as a fill does) and unmaps it;
// the time is per float32 element (bytes / 4). One JSON object per line:
//   {"case": ..., "first": ns, "median": ns}
// "first" is the case's first round, "median" the median of all rounds: the
// first huge pages a process takes may land on guest memory the hypervisor has
// not backed yet, and cost far more than later ones (docs/PERFORMANCE.md).
// Cases:
//   existing     memset of memory already faulted in: the store-bandwidth floor
//   populate-present  madvise(MADV_POPULATE_WRITE) alone over that memory (nothing to fault)
//   4k-1t        4 KiB pages faulted by the one thread that writes them
//   4k-2t        the same bytes, each half faulted and written by its own thread
//   4k-2t-chunks the same two threads taking 256 KiB pieces in turn, as kaiming's chunks are
//   populate     mmap(MAP_POPULATE), then memset (the mmap's time included)
//   populate-2t  madvise(MADV_POPULATE_WRITE) of each half on its own thread, then memset
//   thp-1t       2 MiB-aligned, madvise(MADV_HUGEPAGE) (THP in madvise mode), 1 thread
//   thp-2t       the same, each half on its own thread
#define _GNU_SOURCE
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23  // Linux 5.14, include/uapi/asm-generic/mman-common.h
#endif

static double now_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec * 1e9 + (double)t.tv_nsec;
}

static const size_t kHuge = (size_t)2 << 20;

// A fresh mapping of bytes at a 2 MiB boundary (so that every huge page can be
// used); *base and *length are what munmap needs.
static char* map_aligned(size_t bytes, int flags, void** base, size_t* length) {
  *length = bytes + kHuge;
  char* p = mmap(NULL, *length, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | flags, -1, 0);
  if (p == MAP_FAILED) {
    perror("mmap");
    exit(1);
  }
  *base = p;
  return (char*)(((uintptr_t)p + kHuge - 1) & ~(uintptr_t)(kHuge - 1));
}

struct Part {
  char* p;
  size_t bytes;
  int populate;
};

static void* write_part(void* arg) {
  struct Part* part = arg;
  if (part->populate) madvise(part->p, part->bytes, MADV_POPULATE_WRITE);
  memset(part->p, 0x3c, part->bytes);
  return NULL;
}

// Two threads taking 256 KiB pieces in turn (kaiming's 65,536-float32 chunks
// handed out from one counter): both fault pages of the same page table.
struct Interleaved {
  char* p;
  size_t bytes;
  int first;
};

static void* write_interleaved(void* arg) {
  struct Interleaved* w = arg;
  const size_t piece = (size_t)256 << 10;
  for (size_t at = (size_t)w->first * piece; at < w->bytes; at += 2 * piece) {
    memset(w->p + at, 0x3c, at + piece <= w->bytes ? piece : w->bytes - at);
  }
  return NULL;
}

static void write_all_interleaved(char* p, size_t bytes) {
  pthread_t id;
  struct Interleaved w0 = {p, bytes, 0}, w1 = {p, bytes, 1};
  pthread_create(&id, NULL, write_interleaved, &w1);
  write_interleaved(&w0);
  pthread_join(id, NULL);
}

// memset of [p, p + bytes) from `threads` threads, each on its own contiguous share.
static void write_all(char* p, size_t bytes, int threads, int populate) {
  pthread_t ids[2];
  struct Part parts[2];
  const size_t half = (bytes / 2) & ~(kHuge - 1);
  parts[0] = (struct Part){p, threads == 2 ? half : bytes, populate};
  parts[1] = (struct Part){p + half, bytes - half, populate};
  if (threads == 1) {
    write_part(&parts[0]);
    return;
  }
  pthread_create(&ids[1], NULL, write_part, &parts[1]);
  write_part(&parts[0]);
  pthread_join(ids[1], NULL);
}

static int compare(const void* a, const void* b) {
  const double x = *(const double*)a, y = *(const double*)b;
  return (x > y) - (x < y);
}

static void report(const char* name, double* ns, int rounds) {
  const double first = ns[0];
  qsort(ns, (size_t)rounds, sizeof *ns, compare);
  printf("{\"case\": \"%s\", \"first\": %.4f, \"median\": %.4f}\n", name, first, ns[rounds / 2]);
  fflush(stdout);
}

// One case: rounds of map + write + unmap, timed from just before the mapping
// (threads 3: the two interleaved threads of 4k-2t-chunks).
static void fresh(const char* name, size_t bytes, int rounds, int threads, int map_flags, int huge, int populate) {
  double ns[64];
  for (int r = 0; r < rounds; ++r) {
    const double t0 = now_ns();
    void* base;
    size_t length;
    char* p = map_aligned(bytes, map_flags, &base, &length);
    if (huge) madvise(p, bytes, MADV_HUGEPAGE);
    if (threads == 3) {
      write_all_interleaved(p, bytes);
    } else {
      write_all(p, bytes, threads, populate);
    }
    ns[r] = (now_ns() - t0) / (double)(bytes / 4);
    munmap(base, length);
  }
  report(name, ns, rounds);
}

int main(int argc, char** argv) {
  const size_t bytes = argc > 1 ? strtoull(argv[1], NULL, 10) : (size_t)128 << 20;
  int rounds = argc > 2 ? atoi(argv[2]) : 5;
  if (rounds < 1) rounds = 1;
  if (rounds > 64) rounds = 64;

  // Existing memory: faulted in once, then timed.
  {
    void* base;
    size_t length;
    char* p = map_aligned(bytes, 0, &base, &length);
    write_all(p, bytes, 1, 0);
    double ns[64];
    for (int r = 0; r < rounds; ++r) {
      const double t0 = now_ns();
      write_all(p, bytes, 1, 0);
      ns[r] = (now_ns() - t0) / (double)(bytes / 4);
    }
    report("existing", ns, rounds);
    // MADV_POPULATE_WRITE over memory already faulted in: what pre-faulting
    // costs a fill into existing memory (a page-table walk, no fault).
    for (int r = 0; r < rounds; ++r) {
      const double t0 = now_ns();
      madvise(p, bytes, MADV_POPULATE_WRITE);
      ns[r] = (now_ns() - t0) / (double)(bytes / 4);
    }
    report("populate-present", ns, rounds);
    munmap(base, length);
  }
  fresh("4k-1t", bytes, rounds, 1, 0, 0, 0);
  fresh("4k-2t", bytes, rounds, 2, 0, 0, 0);
  fresh("4k-2t-chunks", bytes, rounds, 3, 0, 0, 0);
  fresh("populate", bytes, rounds, 1, MAP_POPULATE, 0, 0);
  fresh("populate-2t", bytes, rounds, 2, 0, 0, 1);
  fresh("thp-1t", bytes, rounds, 1, 0, 1, 0);
  fresh("thp-2t", bytes, rounds, 2, 0, 1, 0);
  return 0;
}
