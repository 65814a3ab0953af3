// Measures the writer designs of docs/MODELS.md §8 on raw I/O, without kaiming: 1 GiB written
// with write(2)+fsync, O_DIRECT+fsync, or mmap(MAP_SHARED) filled in place + msync + fsync.
//   gcc -O2 -o /tmp/io-designs bench/io-designs.c && /tmp/io-designs write|direct|mmap FILE
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>
static double now(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec + t.tv_nsec * 1e-9; }
int main(int argc, char **argv) {
  const char *mode = argv[1], *path = argv[2];
  const size_t total = (size_t)1 << 30, block = 32u << 20;
  double t0 = now();
  if (!strcmp(mode, "mmap")) {
    int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
    if (ftruncate(fd, total)) return 1;
    unsigned char *p = mmap(NULL, total, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (p == MAP_FAILED) return 2;
    for (size_t at = 0; at < total; at += block) memset(p + at, 0x3c, block);
    msync(p, total, MS_SYNC); munmap(p, total); fsync(fd); close(fd);
  } else {
    int direct = !strcmp(mode, "direct");
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | (direct ? O_DIRECT : 0), 0644);
    void *buf; if (posix_memalign(&buf, 4096, block)) return 3;
    for (size_t at = 0; at < total; at += block) { memset(buf, 0x3c, block); if (pwrite(fd, buf, block, at) != (ssize_t)block) return 4; }
    fsync(fd); close(fd);
  }
  printf("%s %.2f s\n", mode, now() - t0);
  unlink(path);
  return 0;
}
