/* pyserve.c -- a student's Python loss as a server in a child process
 * (see pyserve.h), and the C end of its protocol (the contract in
 * backprop_check/__init__.py).
 *
 * An AF_UNIX stream socket joins us to the child: its end is the child's
 * standard input.  The arrays go through memory that both map (a memfd,
 * handed to the child once, with the first message, as SCM_RIGHTS):
 * theta, dtheta, X and y, in the machine's own byte order (both ends run
 * on this machine).  The socket carries only a header each way -- a
 * request (command, N, reg) once the arrays are in place, a reply
 * (status, loss, length) once dtheta is -- and the child's one-line
 * error.  A pipe or a socket would copy every array twice through the
 * kernel: 2.5 MB a call at 784-100-10 with batch 200, most of a
 * millisecond.  Every send and receive waits with poll() until the
 * call's deadline, so a child that never answers is killed and reaped;
 * MSG_NOSIGNAL turns a child that went away into EPIPE, not SIGPIPE, and
 * its end of the socket closing tells us at once that it died. */

#define _GNU_SOURCE 1           /* memfd_create */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_math.h>

#include "backprop/pyserve.h"
#include "pychild.h"
#include "../core/proc.h"

enum { CMD_QUIT = 0, CMD_LOSS = 1 };
enum { ST_READY = 0, ST_RESULT = 1, ST_ERROR = 2 };

/* The protocol's version, the first message (with the memfd). */
#define PROTOCOL_VERSION 1

/* The headers, as the server packs them: '=qqd' and '=qdq'. */
struct request {
  int64_t command, N;
  double reg;
};
struct reply {
  int64_t status;
  double loss;
  int64_t length;               /* of the error line that follows */
};
_Static_assert (sizeof (struct request) == 24, "request header: 24 bytes");
_Static_assert (sizeof (struct reply) == 24, "reply header: 24 bytes");

/* The longest error line read; the rest of a longer one is skipped. */
#define LINE_MAX_READ 65536

struct bp_pyserve {
  pid_t pid;                    /* the child, or 0 once reaped */
  int fd;                       /* our end of the socket, or -1 */
  int errfd;                    /* the child's standard error, or -1 */
  size_t D, H, C;
  double seconds;               /* the time limit of a call; 0: none */
  char *file;                   /* as the caller named it, for messages */
  char *python;                 /* the interpreter */
  int dead;                     /* a call failed; msg says why */
  char msg[BP_ERRMAX];
  int memfd;                    /* the shared memory, or -1 */
  double *mem;                  /* mapped: theta, dtheta (P each), X (N, D)
                                   then y (N) as int64; or NULL */
  size_t size;                  /* bytes mapped */
};

enum io { IO_OK, IO_TIMEOUT, IO_CLOSED, IO_ERROR };

/* The deadline of something that may take seconds (0: none), or 0. */
static double
deadline_in (double seconds)
{
  return seconds > 0.0 ? bp_clock_seconds () + seconds + BP_PYSERVE_GRACE : 0.0;
}

/* Wait until fd has events, or it is closed or failed, or deadline
 * (0: none) has passed: 1, or 0 for the deadline. */
static int
await (int fd, short events, double deadline)
{
  for (;;)
    {
      struct pollfd p = { fd, events, 0 };
      int ms = -1, r;
      if (deadline > 0.0)
        {
          double left = deadline - bp_clock_seconds ();
          if (left <= 0.0)
            return 0;
          ms = (int) ceil (left * 1000.0);
        }
      r = poll (&p, 1, ms);
      if (r > 0 || (r < 0 && errno != EINTR && errno != EAGAIN))
        return 1;               /* ready; or let the I/O say what failed */
    }
}

/* Send len bytes of buf, or say why not. */
static enum io
send_all (int fd, const void *buf, size_t len, double deadline)
{
  const char *p = buf;

  while (len > 0)
    {
      ssize_t n = send (fd, p, len, MSG_NOSIGNAL | MSG_DONTWAIT);
      if (n > 0)
        {
          p += n;
          len -= (size_t) n;
        }
      else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
        {
          if (!await (fd, POLLOUT, deadline))
            return IO_TIMEOUT;
        }
      else if (n < 0 && (errno == EPIPE || errno == ECONNRESET))
        return IO_CLOSED;
      else if (n < 0 && errno != EINTR)
        return IO_ERROR;
    }
  return IO_OK;
}

/* Receive len bytes into buf, or say why not. */
static enum io
recv_all (int fd, void *buf, size_t len, double deadline)
{
  char *p = buf;

  while (len > 0)
    {
      ssize_t n = recv (fd, p, len, MSG_DONTWAIT);
      if (n > 0)
        {
          p += n;
          len -= (size_t) n;
        }
      else if (n == 0 || (n < 0 && errno == ECONNRESET))
        return IO_CLOSED;
      else if (errno == EAGAIN || errno == EWOULDBLOCK)
        {
          if (!await (fd, POLLIN, deadline))
            return IO_TIMEOUT;
        }
      else if (errno != EINTR)
        return IO_ERROR;
    }
  return IO_OK;
}

/* Reap the child, killing it if it has not exited within wait seconds:
 * its wait status, or -1 if there is none to reap. */
static int
reap (bp_pyserve *s, double wait)
{
  double end = bp_clock_seconds () + wait;
  int status = -1;

  while (s->pid > 0)
    {
      pid_t r = waitpid (s->pid, &status, WNOHANG);
      if (r == s->pid || (r < 0 && errno != EINTR))
        break;
      if (bp_clock_seconds () >= end)
        {
          kill (s->pid, SIGKILL);
          while (waitpid (s->pid, &status, 0) < 0 && errno == EINTR)
            ;
          break;
        }
      nanosleep (&(struct timespec) { 0, 1000000 }, NULL);
    }
  s->pid = 0;
  return status;
}

/* The last line the child wrote on its standard error (Python's own
 * words when it could not start the server), or "". */
static void
last_stderr (bp_pyserve *s, char *line, size_t len)
{
  char buf[4096];
  ssize_t n;

  line[0] = '\0';
  if (s->errfd < 0)
    return;
  fcntl (s->errfd, F_SETFL, O_NONBLOCK);
  while ((n = read (s->errfd, buf, sizeof buf - 1)) > 0)
    {
      buf[n] = '\0';
      for (char *l = strtok (buf, "\n"); l; l = strtok (NULL, "\n"))
        if (*l)
          snprintf (line, len, "%s", l);
    }
}

/* The server is dead from now on: end the child (after wait seconds),
 * keep the message, and return GSL_EFAILED with it in err. */
static int
die (bp_pyserve *s, bp_error *err, double wait, const char *fmt, ...)
  __attribute__ ((format (printf, 4, 5)));

static int
die (bp_pyserve *s, bp_error *err, double wait, const char *fmt, ...)
{
  va_list ap;

  if (!s->dead)
    {
      va_start (ap, fmt);
      vsnprintf (s->msg, sizeof s->msg, fmt, ap);
      va_end (ap);
      s->dead = 1;
    }
  if (s->fd >= 0)
    close (s->fd);
  s->fd = -1;
  reap (s, wait);
  return bp_error_set (err, "%s", s->msg);
}

/* The child went away (or never answered) while doing: say how. */
static int
lost (bp_pyserve *s, enum io e, const char *doing, bp_error *err)
{
  char line[BP_ERRMAX];
  int status;

  if (e == IO_TIMEOUT)
    return die (s, err, 0.0, "%s: %s did not return within %g s (the Python "
                "process was killed)", s->file, doing,
                s->seconds + BP_PYSERVE_GRACE);
  if (e == IO_ERROR)
    return die (s, err, 0.0, "%s: talking to the Python process: %s",
                s->file, strerror (errno));
  status = reap (s, 1.0);
  last_stderr (s, line, sizeof line);
  if (status != -1 && WIFSIGNALED (status))
    return die (s, err, 0.0, "%s: the Python process was killed by signal "
                "%d (%s) during %s", s->file, WTERMSIG (status),
                strsignal (WTERMSIG (status)), doing);
  if (status != -1 && WIFEXITED (status) && WEXITSTATUS (status) == 127)
    return die (s, err, 0.0, "%s cannot be run: install Debian's python3 "
                "and python3-numpy", s->python);
  if (*line)                    /* Python's own words: it could not start */
    return die (s, err, 0.0, "%s: %s", s->file, line);
  return die (s, err, 0.0, "%s: the Python process ended (exit status %d) "
              "during %s", s->file, status == -1 ? -1
              : WEXITSTATUS (status), doing);
}

/* Read a reply's header into r, and on an error reply its line, after
 * which the server is dead.  The reply's status (ST_READY, ST_RESULT), or
 * -1 with err set and the server dead. */
static int
read_reply (bp_pyserve *s, struct reply *r, double deadline,
            const char *doing, bp_error *err)
{
  char line[BP_ERRMAX], skip[4096];
  enum io e = recv_all (s->fd, r, sizeof *r, deadline);
  size_t keep;

  if (e != IO_OK)
    return lost (s, e, doing, err), -1;
  if (r->status == ST_READY || r->status == ST_RESULT)
    return (int) r->status;
  if (r->status != ST_ERROR || r->length < 0 || r->length > LINE_MAX_READ)
    return die (s, err, 0.0, "%s: the Python process sent garbage during "
                "%s (status %lld)", s->file, doing,
                (long long) r->status), -1;
  keep = GSL_MIN ((size_t) r->length, sizeof line - 1);
  e = recv_all (s->fd, line, keep, deadline);
  for (size_t left = (size_t) r->length - keep; e == IO_OK && left > 0;)
    {
      size_t n = GSL_MIN (left, sizeof skip);
      e = recv_all (s->fd, skip, n, deadline);
      left -= n;
    }
  if (e != IO_OK)
    return lost (s, e, doing, err), -1;
  line[keep] = '\0';
  for (char *c = line; *c; c++)
    if ((unsigned char) *c < ' ')
      *c = ' ';
  /* the child exits after an error reply */
  return die (s, err, 1.0, "%s", line), -1;
}

/* The server's command line, into argv (at most 16 entries). */
static void
command (const char *file, const bp_python_opts *o, size_t D, size_t H,
         size_t C, const char **argv, char buf[4][4200])
{
  int n = 0;

  argv[n++] = bp_python_interpreter (o);
  argv[n++] = "-m";
  argv[n++] = "backprop_check.serve";
  argv[n++] = bp_python_target (file, o, buf[0], sizeof buf[0]);
  snprintf (buf[1], sizeof buf[1], "%zu,%zu,%zu", D, H, C);
  argv[n++] = "--net";
  argv[n++] = buf[1];
  if (o->seed)
    {
      snprintf (buf[2], sizeof buf[2], "%lu", o->seed);
      argv[n++] = "--seed";
      argv[n++] = buf[2];
    }
  snprintf (buf[3], sizeof buf[3], "%g", o->seconds > 0.0 ? o->seconds : 0);
  argv[n++] = "--timeout";
  argv[n++] = buf[3];
  argv[n] = NULL;
}

/* Fork and exec the server, its standard input our socket's other end,
 * its standard error a pipe (s->errfd).  0, or GSL_EFAILED with err. */
static int
spawn (bp_pyserve *s, const char *file, const bp_python_opts *o,
       bp_error *err)
{
  const char *argv[16];
  char buf[4][4200];
  int sv[2], ep[2];

  command (file, o, s->D, s->H, s->C, argv, buf);
  if (socketpair (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0)
    return bp_error_set (err, "cannot make a socket: %s", strerror (errno));
  if (pipe (ep) != 0)
    {
      close (sv[0]);
      close (sv[1]);
      return bp_error_set (err, "cannot make a pipe: %s", strerror (errno));
    }
  fcntl (ep[0], F_SETFD, FD_CLOEXEC);
  fcntl (ep[1], F_SETFD, FD_CLOEXEC);
  fflush (NULL);
  s->pid = fork ();
  if (s->pid == 0)
    bp_python_exec (argv, sv[1], ep[1], 0);
  close (sv[1]);
  close (ep[1]);
  s->fd = sv[0];
  s->errfd = ep[0];
  if (s->pid < 0)
    {
      s->pid = 0;
      return bp_error_set (err, "cannot fork: %s", strerror (errno));
    }
  return 0;
}

/* The shared memory: an anonymous file (memfd, else an unlinked file in
 * $TMPDIR) that exec closes.  Its descriptor, or -1. */
static int
shared_file (void)
{
  const char *tmp = getenv ("TMPDIR");
  char path[4096];
  int fd = -1;

#ifdef MFD_CLOEXEC
  fd = memfd_create ("backprop-pyserve", MFD_CLOEXEC);
#endif
  if (fd >= 0)
    return fd;
  snprintf (path, sizeof path, "%s/backprop-pyserve.XXXXXX",
            tmp && *tmp ? tmp : "/tmp");
  if ((fd = mkstemp (path)) >= 0)
    {
      unlink (path);
      fcntl (fd, F_SETFD, FD_CLOEXEC);
    }
  return fd;
}

/* The first message: the protocol's version, and with it the shared
 * memory's descriptor (SCM_RIGHTS).  A child that has already gone is
 * found when its reply is read. */
static void
send_hello (bp_pyserve *s)
{
  int64_t version = PROTOCOL_VERSION;
  struct iovec iov = { &version, sizeof version };
  union {
    struct cmsghdr h;
    char space[CMSG_SPACE (sizeof (int))];
  } u;
  struct msghdr m;
  struct cmsghdr *c;

  memset (&u, 0, sizeof u);
  memset (&m, 0, sizeof m);
  m.msg_iov = &iov;
  m.msg_iovlen = 1;
  m.msg_control = u.space;
  m.msg_controllen = sizeof u.space;
  c = CMSG_FIRSTHDR (&m);
  c->cmsg_level = SOL_SOCKET;
  c->cmsg_type = SCM_RIGHTS;
  c->cmsg_len = CMSG_LEN (sizeof (int));
  memcpy (CMSG_DATA (c), &s->memfd, sizeof (int));
  while (sendmsg (s->fd, &m, MSG_NOSIGNAL) < 0 && errno == EINTR)
    ;
}

/* The shared memory mapped for N samples at least.  0, or GSL_EFAILED
 * with err (the server lives on). */
static int
map_for (bp_pyserve *s, size_t N, bp_error *err)
{
  size_t P = bp_net_size (s->D, s->H, s->C);
  size_t need = (2 * P + N * s->D + N) * sizeof (double);

  if (need <= s->size)
    return 0;
  if (s->mem)
    munmap (s->mem, s->size);
  s->mem = NULL;
  s->size = 0;
  if (ftruncate (s->memfd, (off_t) need) != 0)
    return bp_error_set (err, "%s: cannot make %zu bytes of shared memory: "
                         "%s", s->file, need, strerror (errno));
  s->mem = mmap (NULL, need, PROT_READ | PROT_WRITE, MAP_SHARED, s->memfd, 0);
  if (s->mem == MAP_FAILED)
    {
      s->mem = NULL;
      return bp_error_set (err, "%s: cannot map %zu bytes of shared memory: "
                           "%s", s->file, need, strerror (errno));
    }
  s->size = need;
  return 0;
}

int
bp_pyserve_start (const char *file, const bp_python_opts *o, size_t D,
                  size_t H, size_t C, bp_pyserve **out, bp_error *err)
{
  bp_pyserve *s;
  struct reply r;

  *out = NULL;
  if (bp_net_size (D, H, C) == 0)
    return bp_error_set (err, "%s: no net of sizes %zu, %zu, %zu", file, D,
                         H, C);
  if ((s = calloc (1, sizeof *s)) == NULL)
    return bp_error_set (err, "out of memory");
  s->fd = s->errfd = -1;
  s->memfd = shared_file ();
  s->D = D, s->H = H, s->C = C;
  s->seconds = o->seconds > 0.0 ? o->seconds : 0.0;
  s->file = strdup (file);
  s->python = strdup (bp_python_interpreter (o));
  if (s->file == NULL || s->python == NULL)
    {
      bp_pyserve_stop (s);
      return bp_error_set (err, "out of memory");
    }
  if (s->memfd < 0)
    {
      bp_pyserve_stop (s);
      return bp_error_set (err, "cannot make shared memory: %s",
                           strerror (errno));
    }
  if (spawn (s, file, o, err) != 0)
    {
      bp_pyserve_stop (s);
      return GSL_EFAILED;
    }
  send_hello (s);
  if (read_reply (s, &r, deadline_in (s->seconds), "the import of the "
                  "file and the constructor", err) != ST_READY)
    {
      if (!s->dead)
        die (s, err, 0.0, "%s: the Python process sent garbage at the "
             "start", s->file);
      bp_pyserve_stop (s);
      return GSL_EFAILED;
    }
  *out = s;
  return 0;
}

/* The call's arrays into the shared memory: theta, X row by row, y as
 * int64. */
static void
place (bp_pyserve *s, const bp_net *net, const gsl_matrix *X,
       const size_t *y)
{
  size_t P = net->theta->size, N = X->size1, D = X->size2;
  double *x = s->mem + 2 * P;
  int64_t *labels = (int64_t *) (x + N * D);

  memcpy (s->mem, net->theta->data, P * sizeof (double));
  for (size_t i = 0; i < N; i++)
    memcpy (x + i * D, X->data + i * X->tda, D * sizeof (double));
  for (size_t i = 0; i < N; i++)
    labels[i] = (int64_t) y[i];
}

/* The caller's mistakes, which leave the server as it is: 0, or
 * GSL_EFAILED with err saying why the call cannot be made. */
static int
misfit (const bp_pyserve *s, const bp_net *net, const gsl_matrix *X,
        const size_t *y, double reg, const bp_grads *g, bp_error *err)
{
  if (net->D != s->D || net->H != s->H || net->C != s->C
      || g->D != s->D || g->H != s->H || g->C != s->C)
    return bp_error_set (err, "%s: the server's net is %zu-%zu-%zu, not "
                         "%zu-%zu-%zu", s->file, s->D, s->H, s->C, net->D,
                         net->H, net->C);
  if (X->size1 == 0 || X->size2 != s->D)
    return bp_error_set (err, "%s: X is (%zu, %zu), want (N, %zu)", s->file,
                         X->size1, X->size2, s->D);
  if (net->theta->stride != 1 || g->dtheta->stride != 1)
    return bp_error_set (err, "%s: theta and dtheta must be contiguous",
                         s->file);
  if (!(isfinite (reg) && reg >= 0.0))
    return bp_error_set (err, "%s: reg %g is not a number >= 0", s->file,
                         reg);
  for (size_t i = 0; i < X->size1; i++)
    if (y[i] >= s->C)
      return bp_error_set (err, "%s: label y[%zu] = %zu is not below C = "
                           "%zu", s->file, i, y[i], s->C);
  return 0;
}

int
bp_pyserve_loss (bp_pyserve *s, const bp_net *net, const gsl_matrix *X,
                 const size_t *y, double reg, double *loss, bp_grads *g,
                 bp_error *err)
{
  double deadline = deadline_in (s->seconds);
  struct request q = { CMD_LOSS, (int64_t) X->size1, reg };
  char doing[64];
  struct reply r;
  enum io e;

  if (s->dead)
    return bp_error_set (err, "%s", s->msg);
  if (misfit (s, net, X, y, reg, g, err) || map_for (s, X->size1, err))
    return GSL_EFAILED;
  snprintf (doing, sizeof doing, "loss(X, y, reg=%g)", reg);
  place (s, net, X, y);
  e = send_all (s->fd, &q, sizeof q, deadline);
  /* a child that has gone may have said why before it went */
  if (e == IO_CLOSED)
    deadline = bp_clock_seconds () + 1.0;
  else if (e != IO_OK)
    return lost (s, e, doing, err);
  if (read_reply (s, &r, deadline, doing, err) < 0)
    return GSL_EFAILED;
  if (r.status != ST_RESULT || e != IO_OK || !isfinite (r.loss))
    return die (s, err, 0.0, "%s: the Python process sent garbage during "
                "%s", s->file, doing);
  memcpy (g->dtheta->data, s->mem + net->theta->size,
          net->theta->size * sizeof (double));
  *loss = r.loss;
  g->present = 1u << BP_DW1 | 1u << BP_DB1 | 1u << BP_DW2 | 1u << BP_DB2;
  return 0;
}

void
bp_pyserve_stop (bp_pyserve *s)
{
  if (s == NULL)
    return;
  if (s->fd >= 0)
    {
      struct request q = { CMD_QUIT, 0, 0.0 };
      send_all (s->fd, &q, sizeof q, bp_clock_seconds () + 0.1);
      close (s->fd);
    }
  reap (s, 1.0);
  if (s->errfd >= 0)
    close (s->errfd);
  if (s->mem)
    munmap (s->mem, s->size);
  if (s->memfd >= 0)
    close (s->memfd);
  free (s->file);
  free (s->python);
  free (s);
}
