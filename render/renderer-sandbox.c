/* SPDX-License-Identifier: GPL-3.0-or-later */
/* renderer-sandbox.c: the renderer's confinement. Spyware arrives in documents, and image and
 * PDF decoders have had many exploitable bugs; so the process that decodes holds no keys, and
 * this file takes away what an exploit in it would want: files to write, a network, other
 * programs to start. It is an allow-list: a system call not named below fails with ENOSYS.
 *
 * Limits: the seccomp filter binds this process and anything it could start (nothing); the
 * files it may read are whatever its user may read (fonts and libraries are the ones it
 * needs). Flatpak's own sandbox, where there is one, narrows that further. */
#include "renderer-sandbox.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <termios.h>
#include <unistd.h>

#include <seccomp.h>

/* Enough for a page of RENDER_MAX_PIXELS twice over (surface and copy), the document and the
 * decoders' own tables: a decompression bomb fails an allocation here instead. */
#define ADDRESS_SPACE_LIMIT ((rlim_t)1536 << 20)
/* Seconds of CPU for the whole conversation: generous for hundreds of pages, short enough
 * that a document made to spin stops on its own (Amanat also kills a slow renderer). */
#define CPU_SECONDS_LIMIT 120

/* AddressSanitizer reserves terabytes of address space for its shadow memory. */
#if defined(__SANITIZE_ADDRESS__)
#define UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define UNDER_ASAN 1
#endif
#endif

int renderer_sandbox_prepare(void) {
  struct rlimit none = {0, 0};
  if (setrlimit(RLIMIT_CORE, &none) != 0 || prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0)
    return -1;
  /* Amanat starts the renderer with only its pipes; close anything else all the same. */
  if (close_range(3, ~0u, 0) != 0) {
    long max = sysconf(_SC_OPEN_MAX);
    for (int fd = 3; fd < (max > 0 ? max : 1024); fd++)
      (void)close(fd);
  }
  struct sigaction ignore = {.sa_handler = SIG_IGN};
  return sigaction(SIGPIPE, &ignore, NULL);
}

static int set_limit(int resource, rlim_t value) {
  struct rlimit limit = {value, value};
  return setrlimit(resource, &limit);
}

static int set_limits(void) {
#ifndef UNDER_ASAN
  if (set_limit(RLIMIT_AS, ADDRESS_SPACE_LIMIT) != 0)
    return -1;
#endif
  /* SIGXCPU at the soft limit; the hard one, a second later, is SIGKILL. */
  struct rlimit cpu = {CPU_SECONDS_LIMIT, CPU_SECONDS_LIMIT + 1};
  if (setrlimit(RLIMIT_CPU, &cpu) != 0)
    return -1;
  /* No file may grow (the filter already keeps files from being opened for writing). */
  if (set_limit(RLIMIT_FSIZE, 0) != 0)
    return -1;
  /* No new process or thread, even if a call slipped past the filter (root ignores it). */
  if (set_limit(RLIMIT_NPROC, 0) != 0)
    return -1;
  /* Fonts stay open while a PDF uses them; a few hundred is plenty. */
  return set_limit(RLIMIT_NOFILE, 256);
}

/* ---- The seccomp filter ------------------------------------------------------------- */

/* Adds a rule; a system call this architecture lacks (open on arm64) is skipped. */
static int rule(scmp_filter_ctx ctx, uint32_t action, int nr, unsigned count,
                const struct scmp_arg_cmp *args) {
  if (nr < 0)
    return 0;
  return seccomp_rule_add_array(ctx, action, nr, count, args);
}

static int allow(scmp_filter_ctx ctx, int nr) {
  return rule(ctx, SCMP_ACT_ALLOW, nr, 0, NULL);
}

static int allow_if(scmp_filter_ctx ctx, int nr, struct scmp_arg_cmp arg) {
  return rule(ctx, SCMP_ACT_ALLOW, nr, 1, &arg);
}

static int deny(scmp_filter_ctx ctx, int nr, int err) {
  return rule(ctx, SCMP_ACT_ERRNO((uint32_t)err), nr, 0, NULL);
}

static int deny_if(scmp_filter_ctx ctx, int nr, int err, struct scmp_arg_cmp arg) {
  return rule(ctx, SCMP_ACT_ERRNO((uint32_t)err), nr, 1, &arg);
}

/* open(path, flags) and openat(dir, path, flags): `flags` is argument `index`. Read-only
 * opens pass (fonts, fontconfig's configuration and caches, poppler's encoding data); one that
 * asks to write, create or truncate gets EACCES, which fontconfig takes as "cache not
 * writable" and goes on. O_RDONLY | O_TRUNC truncates on Linux, hence O_TRUNC in the mask. */
static int read_only_opens(scmp_filter_ctx ctx, int nr, unsigned index) {
  const scmp_datum_t mask = O_ACCMODE | O_CREAT | O_TRUNC;
  struct scmp_arg_cmp read_only = {index, SCMP_CMP_MASKED_EQ, mask, O_RDONLY};
  struct scmp_arg_cmp write_only = {index, SCMP_CMP_MASKED_EQ, O_ACCMODE, O_WRONLY};
  struct scmp_arg_cmp read_write = {index, SCMP_CMP_MASKED_EQ, O_ACCMODE, O_RDWR};
  struct scmp_arg_cmp create = {index, SCMP_CMP_MASKED_EQ, O_CREAT, O_CREAT};
  struct scmp_arg_cmp truncate = {index, SCMP_CMP_MASKED_EQ, O_TRUNC, O_TRUNC};
  if (allow_if(ctx, nr, read_only) != 0 || deny_if(ctx, nr, EACCES, write_only) != 0 ||
      deny_if(ctx, nr, EACCES, read_write) != 0 || deny_if(ctx, nr, EACCES, create) != 0)
    return -1;
  return deny_if(ctx, nr, EACCES, truncate);
}

static int add_rules(scmp_filter_ctx ctx) {
  int rc = 0;
  pid_t self = getpid();

  /* Reading: the document on standard input, then fonts, configuration and data files. */
  rc |= allow(ctx, SCMP_SYS(read));
  rc |= allow(ctx, SCMP_SYS(pread64));
  rc |= allow(ctx, SCMP_SYS(readv));
  rc |= read_only_opens(ctx, SCMP_SYS(open), 1);
  rc |= read_only_opens(ctx, SCMP_SYS(openat), 2);
  rc |= allow(ctx, SCMP_SYS(close));
  rc |= allow(ctx, SCMP_SYS(lseek));
  /* fontconfig hints that it will read a cache file soon: a hint, nothing more. */
  rc |= allow(ctx, SCMP_SYS(fadvise64));
  /* fontconfig compares its caches with the font folders (times, sizes), lists a folder whose
   * cache is stale, and resolves links; none of these changes anything. */
  rc |= allow(ctx, SCMP_SYS(fstat));
  rc |= allow(ctx, SCMP_SYS(stat));
  rc |= allow(ctx, SCMP_SYS(lstat));
  rc |= allow(ctx, SCMP_SYS(newfstatat));
  rc |= allow(ctx, SCMP_SYS(statx));
  rc |= allow(ctx, SCMP_SYS(fstatfs));
  rc |= allow(ctx, SCMP_SYS(statfs));
  rc |= allow(ctx, SCMP_SYS(getdents64));
  rc |= allow(ctx, SCMP_SYS(readlink));
  rc |= allow(ctx, SCMP_SYS(readlinkat));
  rc |= allow(ctx, SCMP_SYS(access));
  rc |= allow(ctx, SCMP_SYS(faccessat));
  rc |= allow(ctx, SCMP_SYS(faccessat2));
  /* Descriptor flags only (close-on-exec, status): no locks, no duplication onto 0-2. */
  rc |= allow_if(ctx, SCMP_SYS(fcntl), SCMP_A1(SCMP_CMP_EQ, F_GETFD));
  rc |= allow_if(ctx, SCMP_SYS(fcntl), SCMP_A1(SCMP_CMP_EQ, F_SETFD));
  rc |= allow_if(ctx, SCMP_SYS(fcntl), SCMP_A1(SCMP_CMP_EQ, F_GETFL));
  /* isatty() on the standard streams (GLib's message functions ask). */
  rc |= allow_if(ctx, SCMP_SYS(ioctl), SCMP_A1(SCMP_CMP_EQ, TCGETS));

  /* Writing: the pixels on standard output and GLib's warnings on standard error (which
   * Amanat points at /dev/null). No other descriptor: files are only ever open read-only. */
  rc |= allow_if(ctx, SCMP_SYS(write), SCMP_A0(SCMP_CMP_EQ, STDOUT_FILENO));
  rc |= allow_if(ctx, SCMP_SYS(write), SCMP_A0(SCMP_CMP_EQ, STDERR_FILENO));
  rc |= allow_if(ctx, SCMP_SYS(writev), SCMP_A0(SCMP_CMP_EQ, STDOUT_FILENO));
  rc |= allow_if(ctx, SCMP_SYS(writev), SCMP_A0(SCMP_CMP_EQ, STDERR_FILENO));

  /* Memory for the decoders and the page, and fontconfig's mapped caches. Never executable:
   * every library is loaded before the filter, and an exploit gets no fresh code pages. */
  struct scmp_arg_cmp prot_no_exec = {2, SCMP_CMP_MASKED_EQ, PROT_EXEC, 0};
  rc |= allow_if(ctx, SCMP_SYS(mmap), prot_no_exec);
  rc |= allow_if(ctx, SCMP_SYS(mprotect), prot_no_exec);
  rc |= allow(ctx, SCMP_SYS(munmap));
  rc |= allow(ctx, SCMP_SYS(mremap));
  rc |= allow(ctx, SCMP_SYS(brk));
  rc |= allow(ctx, SCMP_SYS(madvise));

  /* Locks (GLib, poppler), time (GLib's clocks), random numbers (GLib's hash seeds). */
  rc |= allow(ctx, SCMP_SYS(futex));
  rc |= allow(ctx, SCMP_SYS(clock_gettime));
  rc |= allow(ctx, SCMP_SYS(clock_getres));
  rc |= allow(ctx, SCMP_SYS(gettimeofday));
  rc |= allow(ctx, SCMP_SYS(getrandom));
  rc |= allow(ctx, SCMP_SYS(getpid));
  rc |= allow(ctx, SCMP_SYS(gettid));
  rc |= allow(ctx, SCMP_SYS(sched_yield));

  /* Signals: returning from a handler, masks (abort() sets one), and raising SIGABRT or
   * SIGSEGV against itself (g_error, assertions) — never another process. */
  rc |= allow(ctx, SCMP_SYS(rt_sigreturn));
  rc |= allow(ctx, SCMP_SYS(rt_sigprocmask));
  rc |= allow(ctx, SCMP_SYS(rt_sigaction));
  /* Its own signal stack: AddressSanitizer asks for it at every longjmp (libpng's errors). */
  rc |= allow(ctx, SCMP_SYS(sigaltstack));
  rc |= allow_if(ctx, SCMP_SYS(tgkill), SCMP_A0(SCMP_CMP_EQ, (scmp_datum_t)self));
  rc |= allow_if(ctx, SCMP_SYS(kill), SCMP_A0(SCMP_CMP_EQ, (scmp_datum_t)self));
  rc |= allow(ctx, SCMP_SYS(restart_syscall));
  rc |= allow(ctx, SCMP_SYS(exit));
  rc |= allow(ctx, SCMP_SYS(exit_group));

  /* Named refusals, so that what they mean is plain (everything else gets ENOSYS).
   * The network and other sockets: */
  rc |= deny(ctx, SCMP_SYS(socket), EACCES);
  rc |= deny(ctx, SCMP_SYS(socketpair), EACCES);
  rc |= deny(ctx, SCMP_SYS(connect), EACCES);
  rc |= deny(ctx, SCMP_SYS(bind), EACCES);
  rc |= deny(ctx, SCMP_SYS(listen), EACCES);
  rc |= deny(ctx, SCMP_SYS(accept), EACCES);
  rc |= deny(ctx, SCMP_SYS(accept4), EACCES);
  rc |= deny(ctx, SCMP_SYS(sendto), EACCES);
  rc |= deny(ctx, SCMP_SYS(sendmsg), EACCES);
  rc |= deny(ctx, SCMP_SYS(recvfrom), EACCES);
  rc |= deny(ctx, SCMP_SYS(recvmsg), EACCES);
  /* Changes to the file system: */
  rc |= deny(ctx, SCMP_SYS(creat), EACCES);
  rc |= deny(ctx, SCMP_SYS(unlink), EACCES);
  rc |= deny(ctx, SCMP_SYS(unlinkat), EACCES);
  rc |= deny(ctx, SCMP_SYS(rename), EACCES);
  rc |= deny(ctx, SCMP_SYS(renameat), EACCES);
  rc |= deny(ctx, SCMP_SYS(renameat2), EACCES);
  rc |= deny(ctx, SCMP_SYS(mkdir), EACCES);
  rc |= deny(ctx, SCMP_SYS(mkdirat), EACCES);
  rc |= deny(ctx, SCMP_SYS(rmdir), EACCES);
  rc |= deny(ctx, SCMP_SYS(truncate), EACCES);
  rc |= deny(ctx, SCMP_SYS(ftruncate), EACCES);
  rc |= deny(ctx, SCMP_SYS(link), EACCES);
  rc |= deny(ctx, SCMP_SYS(linkat), EACCES);
  rc |= deny(ctx, SCMP_SYS(symlink), EACCES);
  rc |= deny(ctx, SCMP_SYS(symlinkat), EACCES);
  rc |= deny(ctx, SCMP_SYS(chmod), EACCES);
  rc |= deny(ctx, SCMP_SYS(fchmod), EACCES);
  rc |= deny(ctx, SCMP_SYS(fchmodat), EACCES);
  rc |= deny(ctx, SCMP_SYS(chown), EACCES);
  rc |= deny(ctx, SCMP_SYS(fchown), EACCES);
  rc |= deny(ctx, SCMP_SYS(fchownat), EACCES);
  rc |= deny(ctx, SCMP_SYS(lchown), EACCES);
  rc |= deny(ctx, SCMP_SYS(utimensat), EACCES);
  rc |= deny(ctx, SCMP_SYS(mknod), EACCES);
  rc |= deny(ctx, SCMP_SYS(mknodat), EACCES);
  /* New processes and programs (threads too: the decoders need none). clone3 keeps the
   * default ENOSYS (a rule may not repeat the default), so glibc falls back to clone, which
   * is refused. */
  rc |= deny(ctx, SCMP_SYS(fork), EPERM);
  rc |= deny(ctx, SCMP_SYS(vfork), EPERM);
  rc |= deny(ctx, SCMP_SYS(clone), EPERM);
  rc |= deny(ctx, SCMP_SYS(execve), EPERM);
  rc |= deny(ctx, SCMP_SYS(execveat), EPERM);
  rc |= deny(ctx, SCMP_SYS(ptrace), EPERM);
  return rc == 0 ? 0 : -1;
}

int renderer_sandbox_enter(void) {
  if (set_limits() != 0)
    return -1;
  /* libseccomp sets it too; said here because the filter depends on it. */
  if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0)
    return -1;
  /* A system call of another architecture's table (int 0x80 on x86-64) kills: that is the
   * classic way around a filter written for the native table. */
  scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ERRNO(ENOSYS));
  if (ctx == NULL) {
    errno = ENOMEM;
    return -1;
  }
  int rc = seccomp_attr_set(ctx, SCMP_FLTATR_ACT_BADARCH, SCMP_ACT_KILL_PROCESS);
  if (rc == 0)
    rc = add_rules(ctx) == 0 ? 0 : -EINVAL;
  if (rc == 0)
    rc = seccomp_load(ctx);
  seccomp_release(ctx);
  if (rc != 0) {
    errno = -rc;
    return -1;
  }
  return 0;
}
