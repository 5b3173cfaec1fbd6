/*
 * clone_spawn: starts stage 2 inside a user namespace (docs/stage2-protocol.md, "User namespaces").
 *
 * The kernel refuses unshare(CLONE_NEWUSER) and setns() into a user namespace to a multi-threaded
 * process, and every .NET process is one; clone() from C# with C# in the child can hang on a GC
 * suspension (docs/facts.md). So this file is the whole child: the shim calls
 * clone_spawn_start() from a throwaway thread, the child runs only the C below: raw system calls for
 * everything with process-wide effect (glibc's setresuid/setgroups would try to signal threads that
 * do not exist in the child), plus the async-signal-safe sigaction, sigemptyset and memset, and it
 * ends in execve() of stage 2 or in _exit().
 *
 *   parent (C#)                          child (this file)
 *   clone_spawn_start() --clone-------->  [join request->userns_fd, unshare, clone again for a new
 *                                          pid namespace: the grandchild's pid comes back first]
 *   write uid_map, gid_map, cgroup         wait for one byte on the control socket
 *   clone_spawn_release() --byte------->  setgroups/setresgid/setresuid to root of the namespace,
 *                                          signals to default, new session, fds in place, execve
 *   end-of-file: exec'ed         <------  or {step, errno} and _exit(125)
 *
 * The control socket is a SOCK_SEQPACKET pair, close-on-exec on both ends, so a successful execve
 * is seen by the parent as end-of-file.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef CLOSE_RANGE_CLOEXEC
#define CLOSE_RANGE_CLOEXEC (1U << 2)
#endif

/* Mirrored by containerd-shim/Stage1/CloneSpawn.cs. */
struct clone_spawn_request {
    const char *path;
    char *const *argv;
    char *const *envp;
    const int *fds;      /* pairs: fd in the parent, fd number in the child */
    int nfds;            /* number of pairs */
    int clone_flags;     /* CLONE_NEW* given to clone() itself (a new user namespace and what it owns) */
    int userns_fd;       /* >= 0: a user namespace to join before unshare_flags are created in it */
    int unshare_flags;   /* CLONE_NEW* made after the join; a new pid namespace takes one more clone */
};

/* Where a child failed; mirrored by CloneSpawnStep in CloneSpawn.cs. */
enum {
    STEP_PID = 0,        /* not a failure: the grandchild's pid, in the errno field */
    STEP_CLONE = 1,
    STEP_WAIT = 2,
    STEP_SETNS_USER = 3,
    STEP_UNSHARE = 4,
    STEP_CLONE_PID = 5,
    STEP_SETGROUPS = 6,
    STEP_SETRESGID = 7,
    STEP_SETRESUID = 8,
    STEP_SETSID = 9,
    STEP_FDS = 10,
    STEP_EXEC = 11,
    STEP_SOCKET = 12,
};

struct report { int32_t step; int32_t value; };

static void report_and_exit(int sock, int step, int err)
{
    struct report r = { step, err };
    (void)!syscall(SYS_write, sock, &r, sizeof r);
    _exit(125);
}

/* A fork-like clone: no new stack, the child returns here on a copy of this thread's. */
static long raw_clone(unsigned long flags)
{
    return syscall(SYS_clone, flags | SIGCHLD, 0, 0, 0, 0);
}

/* The lowest fd number above every source and target, where moved fds cannot be overwritten. */
static int above_all(const struct clone_spawn_request *req)
{
    int high = 3;
    for (int i = 0; i < 2 * req->nfds; i++)
        if (req->fds[i] >= high) high = req->fds[i] + 1;
    return high;
}

/* Fds to their targets without one dup3 clobbering a later source: all sources first go above every
 * number in the request, then into place; 0..2 not given become /dev/null. The targets are 0..N
 * without gaps (stdio, the preserved fds, the sync socket), so marking everything above the highest
 * close-on-exec (the control socket and the moved copies already are) leaves stage 2 exactly those. */
static int place_fds(const struct clone_spawn_request *req)
{
    int high = above_all(req), top = 2, i, devnull = -1;
    int moved[256];
    if (req->nfds > 256) return EINVAL;
    for (i = 0; i < req->nfds; i++)
        if ((moved[i] = (int)syscall(SYS_fcntl, req->fds[2 * i], F_DUPFD_CLOEXEC, high)) < 0) return errno;
    for (i = 0; i < req->nfds; i++) {
        if (syscall(SYS_dup3, moved[i], req->fds[2 * i + 1], 0) < 0) return errno;
        if (req->fds[2 * i + 1] > top) top = req->fds[2 * i + 1];
    }
    for (int fd = 0; fd <= 2; fd++) {
        int given = 0;
        for (i = 0; i < req->nfds; i++) given |= req->fds[2 * i + 1] == fd;
        if (given) continue;
        if (devnull < 0 && (devnull = (int)syscall(SYS_openat, AT_FDCWD, "/dev/null", O_RDWR | O_CLOEXEC)) < 0) return errno;
        if (syscall(SYS_dup3, devnull, fd, 0) < 0) return errno;
    }
    if (syscall(SYS_close_range, (unsigned)top + 1, ~0u, CLOSE_RANGE_CLOEXEC) < 0) return errno;
    return 0;
}

/* Every signal back to its default disposition (a .NET parent ignores SIGPIPE, which execve would
 * keep), while all of them are still blocked from before the clone; the mask is emptied last. */
static void reset_signals(void)
{
    struct sigaction dfl;
    memset(&dfl, 0, sizeof dfl);
    dfl.sa_handler = SIG_DFL;
    for (int sig = 1; sig < NSIG; sig++)
        if (sig != SIGKILL && sig != SIGSTOP) sigaction(sig, &dfl, NULL); /* glibc's own two say EINVAL */
}

/* The last child: waits for the parent, becomes root of its user namespace (the only uid whose
 * capabilities survive the execve of stage 2), then execs. Never returns. */
static void finish_child(int sock, const struct clone_spawn_request *req)
{
    char go;
    ssize_t n;
    while ((n = syscall(SYS_read, sock, &go, 1)) < 0 && errno == EINTR) {}
    if (n != 1) _exit(125); /* the parent gave up (or died): nothing to report to */
    /* EPERM: a joined namespace whose setgroups says "deny" (an unprivileged maker's); keep going, as runc. */
    if (syscall(SYS_setgroups, 0, NULL) < 0 && errno != EPERM) report_and_exit(sock, STEP_SETGROUPS, errno);
    if (syscall(SYS_setresgid, 0, 0, 0) < 0) report_and_exit(sock, STEP_SETRESGID, errno);
    if (syscall(SYS_setresuid, 0, 0, 0) < 0) report_and_exit(sock, STEP_SETRESUID, errno);
    reset_signals();
    if (syscall(SYS_setsid) < 0) report_and_exit(sock, STEP_SETSID, errno);
    int err = place_fds(req);
    if (err != 0) report_and_exit(sock, STEP_FDS, err);
    sigset_t none;
    sigemptyset(&none);
    syscall(SYS_rt_sigprocmask, SIG_SETMASK, &none, NULL, _NSIG / 8);
    syscall(SYS_execve, req->path, req->argv, req->envp);
    report_and_exit(sock, STEP_EXEC, errno);
}

/* Joins the user namespace, makes the rest inside it and, for a new pid namespace, clones the
 * process that will be its pid 1 as a sibling (CLONE_PARENT: the shim is its parent and reaps it). */
static void join_then_unshare(int sock, const struct clone_spawn_request *req)
{
    if (syscall(SYS_setns, req->userns_fd, CLONE_NEWUSER) < 0) report_and_exit(sock, STEP_SETNS_USER, errno);
    if (req->unshare_flags != 0 && syscall(SYS_unshare, req->unshare_flags) < 0) report_and_exit(sock, STEP_UNSHARE, errno);
    if (!(req->unshare_flags & CLONE_NEWPID)) return;
    long pid = raw_clone(CLONE_PARENT);
    if (pid < 0) report_and_exit(sock, STEP_CLONE_PID, errno);
    if (pid == 0) return;
    struct report r = { STEP_PID, (int32_t)pid };
    (void)!syscall(SYS_write, sock, &r, sizeof r);
    _exit(0);
}

/* Reads one report from a child; returns 1 with it, 0 at end-of-file, -errno on a read error. */
static int read_report(int sock, struct report *r)
{
    ssize_t n;
    while ((n = read(sock, r, sizeof *r)) < 0 && errno == EINTR) {}
    if (n < 0) return -errno;
    if (n == 0) return 0;
    if (n != sizeof *r) return -EPROTO;
    return 1;
}

/*
 * Starts the child and returns the pid of the process that will exec stage 2 (waiting for
 * clone_spawn_release), with *control the parent's end of the socket. On failure returns -1, with
 * *step and *err saying where and why; nothing is left running.
 */
int clone_spawn_start(const struct clone_spawn_request *req, int *control, int *step, int *err)
{
    int sv[2];
    sigset_t all, old;
    *control = -1;
    if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0) {
        *step = STEP_SOCKET; *err = errno; return -1;
    }
    /* Blocked across the clone, so no runtime signal handler ever runs in the child. */
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, &old);
    long pid = raw_clone((unsigned long)req->clone_flags);
    if (pid == 0) {
        syscall(SYS_close, sv[0]); /* so the child's read sees end-of-file when the parent goes away */
        /* Out of the way of every target fd, so placing them cannot replace the socket. */
        int sock = (int)syscall(SYS_fcntl, sv[1], F_DUPFD_CLOEXEC, above_all(req));
        if (sock < 0) report_and_exit(sv[1], STEP_FDS, errno);
        syscall(SYS_close, sv[1]);
        if (req->userns_fd >= 0) join_then_unshare(sock, req);
        finish_child(sock, req);
    }
    int clone_errno = errno;
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    close(sv[1]);
    if (pid < 0) {
        close(sv[0]);
        *step = STEP_CLONE; *err = clone_errno; return -1;
    }
    if (req->userns_fd >= 0 && (req->unshare_flags & CLONE_NEWPID)) {
        /* The first child only makes the pid namespace's first process; it says which and ends. */
        struct report r;
        int got = read_report(sv[0], &r);
        while (waitpid((pid_t)pid, NULL, __WALL) < 0 && errno == EINTR) {}
        if (got != 1 || r.step != STEP_PID) {
            close(sv[0]);
            *step = got == 1 ? r.step : STEP_CLONE_PID;
            *err = got == 1 ? r.value : (got == 0 ? ECHILD : -got);
            return -1;
        }
        pid = r.value;
    }
    *control = sv[0];
    return (int)pid;
}

/*
 * Lets the child go on and waits for its execve. Returns 0 once stage 2 runs, or -1 with *step and
 * *err from the child (which then exits 125; the caller reaps it). Closes the control socket.
 */
int clone_spawn_release(int control, int *step, int *err)
{
    char go = 1;
    struct report r;
    int rc = 0;
    if (send(control, &go, 1, MSG_NOSIGNAL) != 1) {
        *step = STEP_WAIT; *err = errno; rc = -1;
    } else {
        int got = read_report(control, &r);
        if (got == 1) { *step = r.step; *err = r.value; rc = -1; }
        else if (got < 0) { *step = STEP_WAIT; *err = -got; rc = -1; }
    }
    close(control);
    return rc;
}
