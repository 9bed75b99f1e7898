/* sandbox.c -- run an untrusted backward pass in a child process, and
 * record where it stored each gradient entry.
 *
 * The gradients the child writes into live in memory shared with the
 * parent, made once per result, one area per separately allocated block:
 *
 *   guard | dz2 | guard | dp1 | guard | dz1 | guard | dtheta | guard
 *
 * Each area has pages of its own, its entries ending where its last page
 * does; the guards are GUARD_BYTES of reserved, inaccessible address
 * space, so that a write past the end faults at once, and one far out of
 * bounds faults instead of landing in some other live object.  dtheta
 * holds dW1, db1, dW2 and db2 in the order of bp_grads_alloc.
 *
 * Recording (x86-64 Linux): the child makes the areas read-only.  A store
 * into one faults (SIGSEGV); the handler notes the storing instruction --
 * or, when the instruction is in a library, the innermost call in the
 * checked object, found by unwinding from the fault with backtrace() --
 * copies the page, makes it writable and sets the trap flag, so that the
 * store runs and a SIGTRAP follows it at once.  The trap handler gives
 * the noted place to every entry of the page whose bits changed (a vector
 * store writes several) and to the entry that faulted, and makes the page
 * read-only again.  A fault anywhere in the guards, or a write in an
 * area's first page before its entries, is an access out of bounds (a
 * read there goes unseen); any other fatal signal
 * is a crash.  Both are noted, with their place, in the shared page
 * before the child dies of the signal.
 *
 * The parent waits for the child's end of a pipe to close, with a time
 * limit, then reads what happened from the shared page.  It turns code
 * addresses into source lines with libdw (elfutils): the child was forked
 * from it, so the checked object sits at the same address in both. */

#define _GNU_SOURCE 1
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <dlfcn.h>
#ifdef HAVE_DL_ITERATE_PHDR
# include <link.h>
#endif
#ifdef HAVE_BACKTRACE
# include <execinfo.h>
#endif
#ifdef __linux__
# include <sys/prctl.h>
#endif
#if defined __x86_64__ && defined __linux__
# define BP_SANDBOX_RECORD 1
# include <ucontext.h>
#endif
#ifdef HAVE_LIBDW
# include <elfutils/libdwfl.h>
#endif
#include <gsl/gsl_errno.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>

#include "backprop/blas.h"
#include "backprop/sandbox.h"
#include "srcline.h"
#include "../core/proc.h"

#ifndef MAP_ANONYMOUS
# define MAP_ANONYMOUS MAP_ANON
#endif
#ifndef MAP_NORESERVE
# define MAP_NORESERVE 0
#endif

/* Reserved inaccessible space around each area: c26's flat index times
 * the row stride reaches N*H*H doubles past dz1, 8 MB for a 100-100
 * batch; this catches four times that, at no cost but address space. */
#define GUARD_BYTES ((size_t) 32 << 20)
/* Pages one instruction may write while single-stepped (a store across a
 * page boundary touches two). */
#define MAX_PENDING 8
/* Executable segments of the checked object. */
#define MAX_RANGES 16
/* Frames looked at when unwinding from a store inside a library. */
#define MAX_FRAMES 96
/* The child's signal stack. */
#define ALTSTACK_BYTES ((size_t) 256 << 10)
/* EFLAGS' trap flag: a debug trap after the next instruction. */
#define TRAP_FLAG 0x100

enum area { AREA_DZ2, AREA_DP1, AREA_DZ1, AREA_DTHETA, NAREAS };
static const char *const area_names[NAREAS] = { "dz2", "dp1", "dz1", "dtheta" };

enum fault_kind { FAULT_NONE, FAULT_CRASH, FAULT_OOB_WRITE, FAULT_OOB_READ,
                  FAULT_OOB_ACCESS };

/* What the child tells the parent: the first page of the shared block,
 * before the per-entry places. */
struct shared {
  int done;                     /* backward returned */
  int retval;                   /* its value */
  unsigned present;             /* the present bits it left in g */
  int exiting;                  /* exit was called; loc says where */
  int fault;                    /* enum fault_kind of the fatal signal */
  int signo;
  int overflow;                 /* recording stopped at the cap */
  int recording;                /* the probe store was recorded */
  uintptr_t addr;               /* the data address of a fault */
  uintptr_t pc;                 /* the instruction it struck */
  uintptr_t loc;                /* the innermost frame in the object */
  unsigned long stores;         /* stores recorded */
  unsigned changed;             /* the inputs a first call changed */
};

/* The checked object: its file, load bias and code. */
struct object {
  char path[PATH_MAX];
  uintptr_t bias;
  size_t nranges;
  uintptr_t lo[MAX_RANGES], hi[MAX_RANGES];
};

struct bp_sandbox_state {
  int cold;                     /* no first call before the recorded one */
  size_t page;
  unsigned char *reserve;       /* the areas and their guards */
  size_t reserve_len;
  unsigned char *base[NAREAS];  /* each area's first page */
  double *data[NAREAS];         /* its entries, ending with its last page */
  size_t len[NAREAS];           /* entries */
  size_t span[NAREAS];          /* bytes mapped, whole pages */
  struct shared *shared;        /* header, then the places */
  size_t shared_len;
  uintptr_t *loc[NAREAS];       /* per entry, in the shared block: the
                                   last store's place */
  uintptr_t *first[NAREAS];     /* and the first store's */
  bp_grads grads;               /* the child's gradients, over data[] */
  gsl_matrix_view dz2_view, dp1_view, dz1_view;
  gsl_vector_view dtheta_view;
  struct object obj;
  /* The child's recorder. */
  int recording;
  size_t npending;
  unsigned char *pending[MAX_PENDING];
  int pending_area[MAX_PENDING];
  uintptr_t pending_loc;
  double record_until;          /* recording stops then (monotonic clock) */
  unsigned char *snap;          /* MAX_PENDING pages */
  unsigned char *altstack;
#ifdef HAVE_LIBDW
  Dwfl *dwfl;                   /* the parent's view of the object */
  Dwfl_Module *mod;
  char dwfl_path[PATH_MAX];
  uintptr_t dwfl_bias;
#endif
};

/* The state of the running child, for its signal handlers. */
static struct bp_sandbox_state *child_state;

/* printf into buf of size bytes, cutting what does not fit. */
static void __attribute__ ((format (printf, 3, 4)))
say (char *buf, size_t size, const char *fmt, ...)
{
  va_list ap;
  va_start (ap, fmt);
  vsnprintf (buf, size, fmt, ap);
  va_end (ap);
}

/* The area whose pages hold byte address addr, or -1; *entry receives
 * the entry index within it, or -1 when addr is in the area's first page
 * but before its entries. */
static int
area_of (const struct bp_sandbox_state *s, uintptr_t addr, ptrdiff_t *entry)
{
  for (int a = 0; a < NAREAS; a++)
    {
      uintptr_t lo = (uintptr_t) s->base[a];
      uintptr_t first = (uintptr_t) s->data[a];
      if (addr >= lo && addr < lo + s->span[a])
        {
          *entry = addr >= first
                   ? (ptrdiff_t) ((addr - first) / sizeof (double)) : -1;
          return a;
        }
    }
  return -1;
}

/* Whether addr lies in the reserved block: an area or a guard. */
static int
in_reserve (const struct bp_sandbox_state *s, uintptr_t addr)
{
  return addr >= (uintptr_t) s->reserve
         && addr < (uintptr_t) s->reserve + s->reserve_len;
}

/* Whether code address pc lies in the checked object. */
static int
in_object (const struct object *o, uintptr_t pc)
{
  for (size_t i = 0; i < o->nranges; i++)
    if (pc >= o->lo[i] && pc < o->hi[i])
      return 1;
  return 0;
}

/* The place in the checked object responsible for what the instruction
 * at pc does, seen from a signal handler or exit hook: pc itself when it
 * is in the object, else the innermost call in the object (its return
 * address minus one, inside the call instruction) among the frames below
 * the one at pc -- or below the caller, when pc is 0; 0 when none. */
static uintptr_t
locate (const struct object *o, uintptr_t pc)
{
  if (pc != 0 && in_object (o, pc))
    return pc;
#ifdef HAVE_BACKTRACE
  void *frames[MAX_FRAMES];
  int n = backtrace (frames, MAX_FRAMES), i = 0;

  if (pc != 0)
    {
      while (i < n && (uintptr_t) frames[i] != pc)
        i++;
      if (i == n)
        return 0;
    }
  for (i++; i < n; i++)
    if (in_object (o, (uintptr_t) frames[i]))
      return (uintptr_t) frames[i] - 1;
#endif
  return 0;
}

#ifdef BP_SANDBOX_RECORD
/* Stop recording: every area writable, the rest of the stores free. */
static void
stop_recording (struct bp_sandbox_state *s)
{
  for (int a = 0; a < NAREAS; a++)
    mprotect (s->base[a], s->span[a], PROT_READ | PROT_WRITE);
  s->recording = 0;
  s->shared->overflow = 1;
}

/* A store into entry `entry' of area a faulted at data address addr,
 * from the instruction at pc: note its place, keep a copy of its page and
 * let it write there for one instruction. */
static void
begin_store (struct bp_sandbox_state *s, int a, size_t entry, uintptr_t addr,
             uintptr_t pc)
{
  unsigned char *p = (unsigned char *) (addr & ~(uintptr_t) (s->page - 1));

  if (s->npending == 0)
    s->pending_loc = locate (&s->obj, pc);
  if (s->npending < MAX_PENDING)
    {
      memcpy (s->snap + s->npending * s->page, p, s->page);
      s->pending[s->npending] = p;
      s->pending_area[s->npending] = a;
      s->npending++;
    }
  mprotect (p, s->page, PROT_READ | PROT_WRITE);
  s->loc[a][entry] = s->pending_loc;
  if (s->first[a][entry] == 0)
    s->first[a][entry] = s->pending_loc;
}

/* The single-stepped store has run: give its place to every entry it
 * changed, and make its pages read-only again. */
static void
end_store (struct bp_sandbox_state *s)
{
  for (size_t i = 0; i < s->npending; i++)
    {
      const unsigned char *p = s->pending[i];
      const unsigned char *was = s->snap + i * s->page;
      int a = s->pending_area[i];
      /* The entry at the start of the page: negative in the first page,
       * whose start is before the entries. */
      ptrdiff_t first = (p - (const unsigned char *) s->data[a])
                        / (ptrdiff_t) sizeof (double);
      size_t per_page = s->page / sizeof (double);

      for (size_t k = 0; k < per_page; k++)
        if (first + (ptrdiff_t) k >= 0
            && memcmp (p + k * sizeof (double), was + k * sizeof (double),
                       sizeof (double)) != 0)
          {
            s->loc[a][first + (ptrdiff_t) k] = s->pending_loc;
            if (s->first[a][first + (ptrdiff_t) k] == 0)
              s->first[a][first + (ptrdiff_t) k] = s->pending_loc;
          }
      mprotect (s->pending[i], s->page, PROT_READ);
    }
  s->npending = 0;
  if (++s->shared->stores >= BP_SANDBOX_MAX_STORES
      || (s->shared->stores % 1024 == 0 && bp_clock_seconds () > s->record_until))
    stop_recording (s);
}
#endif /* BP_SANDBOX_RECORD */

/* Note a fatal signal in the shared page: what kind, where. */
static void
note_fault (struct bp_sandbox_state *s, int signo, const siginfo_t *si,
            const void *ctx)
{
  struct shared *sh = s->shared;
  uintptr_t addr = (uintptr_t) si->si_addr;
  uintptr_t pc = 0;
  int write = -1;

#ifdef BP_SANDBOX_RECORD
  const ucontext_t *uc = ctx;
  pc = (uintptr_t) uc->uc_mcontext.gregs[REG_RIP];
  if (signo == SIGSEGV)
    write = (uc->uc_mcontext.gregs[REG_ERR] & 2) != 0;
#else
  (void) ctx;
#endif
  sh->signo = signo;
  sh->fault = FAULT_CRASH;
  if ((signo == SIGSEGV || signo == SIGBUS) && in_reserve (s, addr))
    {
      ptrdiff_t entry = -1;
      /* In a guard, or an area's page beyond its entries. */
      if (area_of (s, addr, &entry) < 0 || entry < 0)
        sh->fault = write == 1 ? FAULT_OOB_WRITE
                    : write == 0 ? FAULT_OOB_READ : FAULT_OOB_ACCESS;
    }
  sh->addr = addr;
  sh->pc = pc;
  sh->loc = locate (&s->obj, pc);
}

/* Die of signal signo, as the child would have without its handler. */
static void
die_of (int signo)
{
  struct sigaction sa;
  sigset_t set;

  memset (&sa, 0, sizeof sa);
  sa.sa_handler = SIG_DFL;
  sigaction (signo, &sa, NULL);
  sigemptyset (&set);
  sigaddset (&set, signo);
  sigprocmask (SIG_UNBLOCK, &set, NULL);
  raise (signo);
  _exit (128 + signo);
}

/* The child's handler of every fatal signal, and of the faults and traps
 * that recording stores makes. */
static void
on_signal (int signo, siginfo_t *si, void *ctx)
{
  struct bp_sandbox_state *s = child_state;
  int saved_errno = errno;

#ifdef BP_SANDBOX_RECORD
  ucontext_t *uc = ctx;
  greg_t *r = uc->uc_mcontext.gregs;

  if (signo == SIGTRAP && s->npending > 0)
    {
      end_store (s);
      r[REG_EFL] &= ~(greg_t) TRAP_FLAG;
      errno = saved_errno;
      return;
    }
  if (signo == SIGSEGV && s->recording && (r[REG_ERR] & 2) != 0)
    {
      ptrdiff_t entry;
      int a = area_of (s, (uintptr_t) si->si_addr, &entry);
      if (a >= 0 && entry >= 0)
        {
          begin_store (s, a, (size_t) entry, (uintptr_t) si->si_addr,
                       (uintptr_t) r[REG_RIP]);
          r[REG_EFL] |= TRAP_FLAG;
          errno = saved_errno;
          return;
        }
    }
#endif
  note_fault (s, signo, si, ctx);
  die_of (signo);
}

#ifdef __GLIBC__
/* Run by exit in the child: note where it was called, then leave at once,
 * without the exit handlers that the child inherited from its parent. */
static void
on_exit_hook (int status, void *arg)
{
  struct bp_sandbox_state *s = arg;

  s->shared->exiting = 1;
  s->shared->loc = locate (&s->obj, 0);
  fflush (NULL);
  _exit (status);
}
#endif

/* Install on_signal for the fatal signals, on a stack of its own (a
 * runaway recursion overflows the ordinary one). */
static void
install_handlers (struct bp_sandbox_state *s)
{
  static const int signals[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT,
                                 SIGTRAP, SIGSYS };
  struct sigaction sa;
  stack_t ss;
  sigset_t set;

  ss.ss_sp = s->altstack;
  ss.ss_size = ALTSTACK_BYTES;
  ss.ss_flags = 0;
  sigaltstack (&ss, NULL);
  memset (&sa, 0, sizeof sa);
  sa.sa_sigaction = on_signal;
  sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
  sigemptyset (&sa.sa_mask);
  sigemptyset (&set);
  for (size_t i = 0; i < sizeof signals / sizeof signals[0]; i++)
    {
      sigaction (signals[i], &sa, NULL);
      sigaddset (&set, signals[i]);
    }
  sigprocmask (SIG_UNBLOCK, &set, NULL);
}

#ifdef BP_SANDBOX_RECORD
/* Make the areas read-only and check, with one store that changes
 * nothing, that a store is recorded here (it is not under valgrind,
 * which ignores the trap flag): recording stays on only if it is. */
static void
start_recording (struct bp_sandbox_state *s)
{
  volatile double *probe = s->data[AREA_DZ2];

  for (int a = 0; a < NAREAS; a++)
    mprotect (s->base[a], s->span[a], PROT_READ);
  s->recording = 1;
  *probe = *probe;
  if (s->npending != 0 || s->shared->stores != 1)
    {
      stop_recording (s);
      s->shared->overflow = 0;
      s->npending = 0;
    }
  else
    s->shared->recording = 1;
  s->shared->stores = 0;
  s->loc[AREA_DZ2][0] = s->first[AREA_DZ2][0] = 0;
}
#endif

/* Training calls backward again and again in one process, and what an
 * object keeps between calls (a static sum cleared on its first call
 * only) is wrong from the second call on.  So the child calls it once
 * first, unrecorded, on copies of its inputs and into gradients of its
 * own.  Copies, so that a backward that writes into its inputs (numpy's
 * dscores = probs, translated as a pointer into cache->prob) shows it:
 * warm_up says which inputs it changed (bits BP_SANDBOX_CHANGED_*), and
 * the recorded call then runs on the changed copies, as a second call on
 * the same cache would.  (Nothing is freed: the child leaves soon.) */
struct inputs {
  bp_net *net;
  gsl_matrix *X;
  size_t *y;
  bp_cache *cache;
};

static unsigned
warm_up (bp_backward_fn *backward, const bp_net *net, const gsl_matrix *X,
         const size_t *y, double reg, const bp_cache *cache,
         struct inputs *in)
{
  size_t N = X->size1;
  bp_net *n = bp_net_alloc (net->D, net->H, net->C);
  gsl_matrix *x = gsl_matrix_alloc (N, X->size2);
  size_t *labels = malloc (N * sizeof *labels);
  bp_cache *c = bp_cache_alloc (N, cache->H, cache->C);
  bp_grads *g = bp_grads_alloc (N, net->D, net->H, net->C);
  unsigned changed = 0;

  if (n == NULL || x == NULL || labels == NULL || c == NULL || g == NULL)
    return 0;
  bp_net_memcpy (n, net);
  gsl_matrix_memcpy (x, X);
  memcpy (labels, y, N * sizeof *labels);
  gsl_matrix_memcpy (c->z1, cache->z1);
  gsl_matrix_memcpy (c->p1, cache->p1);
  gsl_matrix_memcpy (c->z2, cache->z2);
  gsl_matrix_memcpy (c->prob, cache->prob);
  backward (n, x, labels, reg, c, g);
  changed |= gsl_vector_equal (n->theta, net->theta)
    ? 0 : BP_SANDBOX_CHANGED_NET;
  changed |= gsl_matrix_equal (x, X) ? 0 : BP_SANDBOX_CHANGED_X;
  changed |= memcmp (labels, y, N * sizeof *labels)
    ? BP_SANDBOX_CHANGED_Y : 0;
  changed |= gsl_matrix_equal (c->z1, cache->z1) ? 0 : BP_SANDBOX_CHANGED_Z1;
  changed |= gsl_matrix_equal (c->p1, cache->p1) ? 0 : BP_SANDBOX_CHANGED_P1;
  changed |= gsl_matrix_equal (c->z2, cache->z2) ? 0 : BP_SANDBOX_CHANGED_Z2;
  changed |= gsl_matrix_equal (c->prob, cache->prob)
    ? 0 : BP_SANDBOX_CHANGED_PROB;
  in->net = n;
  in->X = x;
  in->y = labels;
  in->cache = c;
  return changed;
}

/* The child: run backward under the handlers, tell the parent, leave. */
static void
run_child (struct bp_sandbox_state *s, pid_t parent, bp_backward_fn *backward,
           const bp_net *net, const gsl_matrix *X, const size_t *y,
           double reg, const bp_cache *cache)
{
  struct rlimit core = { 0, 0 };
  struct inputs in = { NULL, NULL, NULL, NULL };
  int rv;

  setrlimit (RLIMIT_CORE, &core);
#ifdef __linux__
  prctl (PR_SET_PDEATHSIG, SIGKILL);
  prctl (PR_SET_DUMPABLE, 0);
#endif
  if (getppid () != parent)
    _exit (127);
  setpgid (0, 0);
  bp_blas_one_thread ();
  child_state = s;
#ifdef HAVE_BACKTRACE
  {
    /* Load the unwinder now rather than in a signal handler. */
    void *frames[4];
    backtrace (frames, 4);
  }
#endif
  install_handlers (s);
#ifdef __GLIBC__
  on_exit (on_exit_hook, s);
#endif
  if (!s->cold)
    s->shared->changed = warm_up (backward, net, X, y, reg, cache, &in);
#ifdef BP_SANDBOX_RECORD
  start_recording (s);
#endif
  if (s->shared->changed)
    rv = backward (in.net, in.X, in.y, reg, in.cache, &s->grads);
  else
    rv = backward (net, X, y, reg, cache, &s->grads);
  s->shared->retval = rv;
  s->shared->present = s->grads.present;
  s->shared->done = 1;
  fflush (NULL);
  _exit (0);
}

#ifdef HAVE_DL_ITERATE_PHDR
struct find_object {
  uintptr_t fn;
  struct object *obj;
};

/* dl_iterate_phdr's callback: if this object holds the function, keep its
 * file, bias and executable segments, and stop. */
static int
find_object_cb (struct dl_phdr_info *info, size_t size, void *data)
{
  struct find_object *f = data;
  struct object *o = f->obj;
  int mine = 0;

  (void) size;
  for (int i = 0; i < info->dlpi_phnum; i++)
    {
      const ElfW (Phdr) *ph = &info->dlpi_phdr[i];
      uintptr_t lo = info->dlpi_addr + ph->p_vaddr;
      if (ph->p_type == PT_LOAD && f->fn >= lo && f->fn < lo + ph->p_memsz)
        mine = 1;
    }
  if (!mine)
    return 0;
  say (o->path, sizeof o->path, "%s",
       info->dlpi_name[0] ? info->dlpi_name : "/proc/self/exe");
  o->bias = info->dlpi_addr;
  o->nranges = 0;
  for (int i = 0; i < info->dlpi_phnum && o->nranges < MAX_RANGES; i++)
    {
      const ElfW (Phdr) *ph = &info->dlpi_phdr[i];
      if (ph->p_type == PT_LOAD && (ph->p_flags & PF_X))
        {
          o->lo[o->nranges] = info->dlpi_addr + ph->p_vaddr;
          o->hi[o->nranges] = o->lo[o->nranges] + ph->p_memsz;
          o->nranges++;
        }
    }
  return 1;
}
#endif

/* Find the object (shared object or program) that holds fn. */
static void
find_object (struct object *o, uintptr_t fn)
{
  memset (o, 0, sizeof *o);
#ifdef HAVE_DL_ITERATE_PHDR
  struct find_object f = { fn, o };
  dl_iterate_phdr (find_object_cb, &f);
#else
  (void) fn;
#endif
}

/* Map the areas inside their guards and the shared block; 0 or -1. */
static int
map_areas (struct bp_sandbox_state *s)
{
  size_t guard = (GUARD_BYTES + s->page - 1) / s->page * s->page;
  size_t at = guard, places = 0;
  void *p;

  s->reserve_len = guard;
  for (int a = 0; a < NAREAS; a++)
    {
      s->span[a] = (s->len[a] * sizeof (double) + s->page - 1)
                   / s->page * s->page;
      s->reserve_len += s->span[a] + guard;
      places += s->len[a];
    }
  p = mmap (NULL, s->reserve_len, PROT_NONE,
            MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (p == MAP_FAILED)
    return -1;
  s->reserve = p;
  for (int a = 0; a < NAREAS; a++)
    {
      p = mmap (s->reserve + at, s->span[a], PROT_READ | PROT_WRITE,
                MAP_SHARED | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
      if (p == MAP_FAILED)
        return -1;
      /* The entries end where the pages do: a write past the end, the
       * usual way out, lands in the guard at once. */
      s->base[a] = p;
      s->data[a] = (double *) (s->base[a] + s->span[a]) - s->len[a];
      at += s->span[a] + guard;
    }
  s->shared_len = (sizeof (struct shared) + 2 * places * sizeof (uintptr_t)
                   + s->page - 1) / s->page * s->page;
  p = mmap (NULL, s->shared_len, PROT_READ | PROT_WRITE,
            MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED)
    {
      s->shared = NULL;
      return -1;
    }
  s->shared = p;
  {
    uintptr_t *loc = (uintptr_t *) (s->shared + 1);
    for (int a = 0; a < NAREAS; a++)
      {
        s->loc[a] = loc;
        loc += s->len[a];
      }
    for (int a = 0; a < NAREAS; a++)
      {
        s->first[a] = loc;
        loc += s->len[a];
      }
  }
  return 0;
}

/* The child's gradients: bp_grads_alloc's layout, over the areas. */
static void
view_grads (struct bp_sandbox_state *s, size_t N, size_t D, size_t H,
            size_t C)
{
  bp_grads *g = &s->grads;
  double *t = s->data[AREA_DTHETA];

  g->N = N;
  g->D = D;
  g->H = H;
  g->C = C;
  s->dz2_view = gsl_matrix_view_array (s->data[AREA_DZ2], N, C);
  s->dp1_view = gsl_matrix_view_array (s->data[AREA_DP1], N, H);
  s->dz1_view = gsl_matrix_view_array (s->data[AREA_DZ1], N, H);
  s->dtheta_view = gsl_vector_view_array (t, s->len[AREA_DTHETA]);
  g->dz2 = &s->dz2_view.matrix;
  g->dp1 = &s->dp1_view.matrix;
  g->dz1 = &s->dz1_view.matrix;
  g->dtheta = &s->dtheta_view.vector;
  g->dW1_view = gsl_matrix_view_array (t, D, H);
  g->db1_view = gsl_vector_view_array (t + D * H, H);
  g->dW2_view = gsl_matrix_view_array (t + D * H + H, H, C);
  g->db2_view = gsl_vector_view_array (t + D * H + H + H * C, C);
  g->dW1 = &g->dW1_view.matrix;
  g->db1 = &g->db1_view.vector;
  g->dW2 = &g->dW2_view.matrix;
  g->db2 = &g->db2_view.vector;
  g->present = BP_GRADS_ALL;
}

/* Each gradient's places in the areas' arrays: dtheta holds dW1, db1,
 * dW2 and db2, one after another. */
static void
map_places (const uintptr_t *out[BP_NGRADS], uintptr_t *const area[NAREAS],
            size_t D, size_t H, size_t C)
{
  out[BP_DZ2] = area[AREA_DZ2];
  out[BP_DP1] = area[AREA_DP1];
  out[BP_DZ1] = area[AREA_DZ1];
  out[BP_DW1] = area[AREA_DTHETA];
  out[BP_DB1] = area[AREA_DTHETA] + D * H;
  out[BP_DW2] = area[AREA_DTHETA] + D * H + H;
  out[BP_DB2] = area[AREA_DTHETA] + D * H + H + H * C;
}

bp_sandbox_result *
bp_sandbox_result_alloc (size_t N, size_t D, size_t H, size_t C)
{
  size_t P = bp_net_size (D, H, C);
  bp_sandbox_result *res;
  struct bp_sandbox_state *s;
  long page = sysconf (_SC_PAGESIZE);

  if (P == 0 || N == 0 || H > SIZE_MAX / sizeof (uintptr_t) / 4 / N
      || C > SIZE_MAX / sizeof (uintptr_t) / 4 / N
      || P > SIZE_MAX / sizeof (uintptr_t) / 4)
    GSL_ERROR_NULL ("sandbox sizes must be positive and not overflow",
                    GSL_EINVAL);
  res = calloc (1, sizeof *res);
  s = calloc (1, sizeof *s);
  if (res == NULL || s == NULL)
    {
      free (res);
      free (s);
      GSL_ERROR_NULL ("cannot allocate a sandbox", GSL_ENOMEM);
    }
  res->state = s;
  s->page = page > 0 ? (size_t) page : 4096;
  s->len[AREA_DZ2] = N * C;
  s->len[AREA_DP1] = N * H;
  s->len[AREA_DZ1] = N * H;
  s->len[AREA_DTHETA] = P;
  s->snap = malloc (MAX_PENDING * s->page);
  s->altstack = malloc (ALTSTACK_BYTES);
  if (s->snap == NULL || s->altstack == NULL || map_areas (s) != 0)
    {
      bp_sandbox_result_free (res);
      GSL_ERROR_NULL ("cannot map the sandbox's pages", GSL_ENOMEM);
    }
  view_grads (s, N, D, H, C);
  res->N = N;
  res->D = D;
  res->H = H;
  res->C = C;
  res->size[BP_DZ2] = N * C;
  res->size[BP_DW2] = H * C;
  res->size[BP_DB2] = C;
  res->size[BP_DP1] = N * H;
  res->size[BP_DZ1] = N * H;
  res->size[BP_DW1] = D * H;
  res->size[BP_DB1] = H;
  map_places (res->store, s->loc, D, H, C);
  map_places (res->first, s->first, D, H, C);
  return res;
}

void
bp_sandbox_result_free (bp_sandbox_result *res)
{
  struct bp_sandbox_state *s;

  if (res == NULL)
    return;
  s = res->state;
  if (s != NULL)
    {
#ifdef HAVE_LIBDW
      if (s->dwfl != NULL)
        dwfl_end (s->dwfl);
#endif
      if (s->shared != NULL)
        munmap (s->shared, s->shared_len);
      if (s->reserve != NULL)
        munmap (s->reserve, s->reserve_len);
      free (s->snap);
      free (s->altstack);
      free (s);
    }
  free (res);
}

/* Copy every gradient of src into dst (same sizes). */
static void
copy_grads (bp_grads *dst, bp_grads *src)
{
  for (int id = 0; id < BP_NGRADS; id++)
    {
      gsl_matrix_view d = bp_grads_matrix (dst, id);
      gsl_matrix_view s = bp_grads_matrix (src, id);
      gsl_matrix_memcpy (&d.matrix, &s.matrix);
    }
}

#ifdef HAVE_LIBDW
/* libdw's callback for separate debug information: there is none to
 * look for.  A student's object carries its own debug information or
 * none, and looking elsewhere could ask a debuginfod server over the
 * network for it. */
static int
no_separate_debuginfo (Dwfl_Module *mod, void **userdata,
                       const char *modname, Dwarf_Addr base,
                       const char *file_name, const char *debuglink_file,
                       GElf_Word debuglink_crc, char **debuginfo_file_name)
{
  (void) mod, (void) userdata, (void) modname, (void) base;
  (void) file_name, (void) debuglink_file, (void) debuglink_crc;
  (void) debuginfo_file_name;
  return -1;
}

static const Dwfl_Callbacks dwfl_callbacks = {
  .find_elf = dwfl_build_id_find_elf,
  .find_debuginfo = no_separate_debuginfo,
  .section_address = dwfl_offline_section_address,
  .debuginfo_path = NULL
};

/* libdw's module for the checked object, reported once per object. */
static Dwfl_Module *
object_module (struct bp_sandbox_state *s)
{
  if (s->obj.path[0] == '\0')
    return NULL;
  if (s->dwfl != NULL && s->dwfl_bias == s->obj.bias
      && strcmp (s->dwfl_path, s->obj.path) == 0)
    return s->mod;
  if (s->dwfl != NULL)
    dwfl_end (s->dwfl);
  s->mod = NULL;
  s->dwfl = dwfl_begin (&dwfl_callbacks);
  if (s->dwfl == NULL)
    return NULL;
  say (s->dwfl_path, sizeof s->dwfl_path, "%s", s->obj.path);
  s->dwfl_bias = s->obj.bias;
  dwfl_report_begin (s->dwfl);
  s->mod = dwfl_report_elf (s->dwfl, "checked", s->obj.path, -1,
                            s->obj.bias, false);
  dwfl_report_end (s->dwfl, NULL, NULL);
  return s->mod;
}
#endif

/* Line `line' (1-based) of file path into buf, without the blanks around
 * it; "" when the file cannot be read or is shorter. */
static void
read_line (const char *path, int line, char *buf, size_t size)
{
  FILE *f = fopen (path, "r");
  char *text = NULL, *b, *e;
  size_t cap = 0;
  int at = 0;

  buf[0] = '\0';
  if (f == NULL)
    return;
  while (getline (&text, &cap, f) >= 0)
    if (++at == line)
      {
        for (b = text; *b == ' ' || *b == '\t'; b++)
          ;
        e = b + strlen (b);
        while (e > b && (e[-1] == '\n' || e[-1] == '\r' || e[-1] == ' '
                         || e[-1] == '\t'))
          e--;
        *e = '\0';
        say (buf, size, "%s", b);
        break;
      }
  free (text);
  fclose (f);
}

/* Fill `where' for code address addr (not 0) of the checked object: its
 * symbol and, with libdw, its source file and line, and the line's text
 * when with_text. */
static void
lookup (bp_sandbox_result *res, uintptr_t addr, bp_sandbox_line *where,
        int with_text)
{
  memset (where, 0, sizeof *where);
  where->addr = addr;
#ifdef HAVE_LIBDW
  Dwfl_Module *mod = object_module (res->state);
  if (mod != NULL)
    {
      GElf_Off off;
      GElf_Sym sym;
      const char *fn = dwfl_module_addrinfo (mod, addr, &off, &sym, NULL,
                                             NULL, NULL);
      Dwfl_Line *l = dwfl_module_getsrc (mod, addr);
      int lineno = 0, column = 0;
      const char *src = NULL;
      if (bp_srcline_at (mod, addr, &src, &lineno, &column) != 0)
        src = NULL;

      if (fn != NULL)
        say (where->symbol, sizeof where->symbol, "%s+%#lx", fn,
             (unsigned long) off);
      if (src != NULL && lineno > 0)
        {
          const char *dir = l ? dwfl_line_comp_dir (l) : NULL;
          const char *slash;
          if (src[0] != '/' && dir != NULL)
            say (where->file, sizeof where->file, "%s/%s", dir, src);
          else
            say (where->file, sizeof where->file, "%s", src);
          slash = strrchr (where->file, '/');
          say (where->name, sizeof where->name, "%s",
               slash ? slash + 1 : where->file);
          where->line = lineno;
          where->column = column;
          if (with_text)
            read_line (where->file, lineno, where->text,
                       sizeof where->text);
        }
    }
#endif
  if (where->symbol[0] == '\0')
    {
      Dl_info di;
      if (dladdr ((void *) addr, &di) != 0 && di.dli_sname != NULL)
        say (where->symbol, sizeof where->symbol, "%s+%#lx",
             di.dli_sname,
             (unsigned long) (addr - (uintptr_t) di.dli_saddr));
    }
  (void) res;
}

int
bp_sandbox_describe (bp_sandbox_result *res, uintptr_t addr,
                     bp_sandbox_line *where)
{
  memset (where, 0, sizeof *where);
  if (addr == 0)
    return GSL_FAILURE;
  lookup (res, addr, where, 1);
  return 0;
}

/* Why there are no lines, and what to do about it. */
#ifdef HAVE_LIBDW
# define NO_LINES BP_SANDBOX_HINT
#else
# define NO_LINES "no line information: backprop was built without libdw"
#endif

/* " at FILE:LINE: TEXT", " in SYMBOL (HINT)" or "" for place `at'. */
static void
place_text (const bp_sandbox_result *res, const bp_sandbox_line *at,
            char *buf, size_t size)
{
  buf[0] = '\0';
  if (at->line > 0)
    say (buf, size, " at %s:%d%s%s", at->name, at->line,
         at->text[0] ? ": " : "", at->text);
  else if (at->symbol[0] != '\0')
    say (buf, size, " in %s (%s)", at->symbol, NO_LINES);
  else if (res->recorded && !res->lines)
    say (buf, size, " (%s)", NO_LINES);
}

/* The one-line message of res, from what the child left in sh. */
static void
compose_message (bp_sandbox_result *res, const struct shared *sh,
                 const char *name, double seconds)
{
  char place[BP_ERRMAX], sig[32];
  struct bp_sandbox_state *s = res->state;

  place_text (res, &res->at, place, sizeof place);
  switch (res->status)
    {
    case BP_SANDBOX_RETURNED:
      res->msg[0] = '\0';
      if (res->recorded && !res->lines)
        say (res->msg, sizeof res->msg, "%s: %s%s", name,
#ifdef HAVE_LIBDW
             "no line information; ",
#else
             "",
#endif
             NO_LINES);
      break;
    case BP_SANDBOX_TIMED_OUT:
      say (res->msg, sizeof res->msg, "%s: did not return within %g s",
           name, seconds);
      break;
    case BP_SANDBOX_EXITED:
      say (res->msg, sizeof res->msg,
           "%s: called exit (%d) instead of returning%s", name,
           res->exit_status, place);
      break;
    case BP_SANDBOX_CRASHED:
      say (res->msg, sizeof res->msg, "%s: killed by %s%s", name,
           bp_signal_name (res->signo, sig, sizeof sig), place);
      break;
    case BP_SANDBOX_OUT_OF_BOUNDS:
      {
        /* Name the entry it touched, relative to the nearest area. */
        int best = 0;
        long long k = 0;
        unsigned long long dist = ULLONG_MAX;
        for (int a = 0; a < NAREAS; a++)
          {
            uintptr_t lo = (uintptr_t) s->data[a];
            uintptr_t hi = lo + s->len[a] * sizeof (double);
            unsigned long long d = sh->addr < lo ? lo - sh->addr
                                   : sh->addr >= hi ? sh->addr - hi + 1 : 0;
            if (d < dist)
              {
                dist = d;
                best = a;
                k = sh->addr >= lo
                    ? (long long) ((sh->addr - lo) / sizeof (double))
                    : -(long long) ((lo - sh->addr + sizeof (double) - 1)
                                    / sizeof (double));
              }
          }
        say (res->msg, sizeof res->msg,
             "%s: %s outside the gradients (%s->data[%lld], %s its %zu "
             "entries)%s", name,
             sh->fault == FAULT_OOB_WRITE ? "wrote"
             : sh->fault == FAULT_OOB_READ ? "read" : "reached",
             area_names[best], k, k < 0 ? "before" : "past",
             s->len[best], place);
      }
      break;
    }
}

/* Wait for the child behind pipe fd for at most `seconds'; 1 when it
 * ended (its end of the pipe closed), 0 on time-out. */
static int
wait_for_child (int fd, double seconds)
{
  double deadline = bp_clock_seconds () + seconds;
  struct pollfd pfd;
  char c;

  pfd.fd = fd;
  pfd.events = POLLIN;
  for (;;)
    {
      double left = deadline - bp_clock_seconds ();
      int r;
      if (left <= 0)
        return 0;
      r = poll (&pfd, 1, left > 1e6 ? 1000000000 : (int) (left * 1000) + 1);
      if (r < 0 && errno != EINTR)
        return 1;
      if (r > 0)
        {
          ssize_t n = read (fd, &c, 1);
          if (n == 0 || (n < 0 && errno != EINTR && errno != EAGAIN))
            return 1;
        }
    }
}

/* Ready the state for a run of backward into g: the checked object, the
 * gradients' pages, the recording's deadline. */
static void
prepare (bp_sandbox_result *res, bp_backward_fn *backward, bp_grads *g,
         double start, double seconds)
{
  struct bp_sandbox_state *s = res->state;

  find_object (&s->obj, (uintptr_t) backward);
  s->cold = res->cold;
  memset (s->shared, 0, s->shared_len);
  copy_grads (&s->grads, g);
  s->grads.present = g->present;
  s->npending = 0;
  s->recording = 0;
  /* Each recorded store costs two signals: a backward that stores far
   * more than these nets need stops being recorded halfway to its time
   * limit, rather than being killed for recording's sake. */
  s->record_until = start + seconds / 2;
  memset (&res->at, 0, sizeof res->at);
  res->msg[0] = '\0';
}

/* Fork the child that runs backward, wait for it (at most seconds), and
 * kill what is left of it.  Sets *ended (0 for a time-out), *status and
 * *waited as waitpid left them; 0, or an errno. */
static int
fork_and_wait (bp_sandbox_result *res, bp_backward_fn *backward,
               const bp_net *net, const gsl_matrix *X, const size_t *y,
               double reg, const bp_cache *cache, double seconds,
               int *ended, int *status, int *waited)
{
  int fds[2], e;
  pid_t pid, parent = getpid ();

  fflush (NULL);
  if (pipe (fds) != 0)
    return errno;
  pid = fork ();
  if (pid < 0)
    {
      e = errno;
      close (fds[0]);
      close (fds[1]);
      return e;
    }
  if (pid == 0)
    {
      close (fds[0]);
      run_child (res->state, parent, backward, net, X, y, reg, cache);
    }
  close (fds[1]);
  *ended = wait_for_child (fds[0], seconds);
  close (fds[0]);
  /* Kill it on time-out, and anything it may have started (its process
   * group) in any case, while its id cannot have been reused: it is not
   * yet waited for. */
  kill (-pid, SIGKILL);
  if (!*ended)
    kill (pid, SIGKILL);
  while ((*waited = waitpid (pid, status, 0)) < 0 && errno == EINTR)
    ;
  return 0;
}

/* How the run ended, from what the child noted and its wait status. */
static void
read_outcome (bp_sandbox_result *res, const struct shared *sh, int ended,
              int status, int waited)
{
  res->recorded = sh->recording;
  res->complete = !sh->overflow;
  res->stores = sh->stores;
  res->changed = sh->changed;
  res->retval = sh->retval;
  res->signo = 0;
  res->exit_status = 0;
  if (!ended)
    res->status = BP_SANDBOX_TIMED_OUT;
  else if (sh->done)
    res->status = BP_SANDBOX_RETURNED;
  else if (waited < 0 ? sh->fault != FAULT_NONE : WIFSIGNALED (status))
    {
      /* (When the caller ignores SIGCHLD, no status is left to wait for:
       * the child's own note tells.) */
      res->signo = waited < 0 ? sh->signo : WTERMSIG (status);
      res->status = sh->fault >= FAULT_OOB_WRITE ? BP_SANDBOX_OUT_OF_BOUNDS
                    : BP_SANDBOX_CRASHED;
    }
  else
    {
      res->status = BP_SANDBOX_EXITED;
      res->exit_status = waited >= 0 && WIFEXITED (status)
                         ? WEXITSTATUS (status) : -1;
    }
}

int
bp_sandbox_run (bp_backward_fn *backward, const char *so_path,
                const bp_net *net, const gsl_matrix *X, const size_t *y,
                double reg, const bp_cache *cache, bp_grads *g,
                double seconds, bp_sandbox_result *res, bp_error *err)
{
  struct shared *sh = res->state->shared;
  const char *name = so_path ? so_path : "backward";
  double start = bp_clock_seconds ();
  int status = 0, ended = 0, waited = 0, e;
  bp_sandbox_line entry;

  if (backward == NULL)
    GSL_ERROR ("no backward pass to run", GSL_EINVAL);
  if (g->N != res->N || g->D != res->D || g->H != res->H || g->C != res->C)
    GSL_ERROR ("the gradients' sizes are not the sandbox's", GSL_EBADLEN);
  if (!(seconds > 0))
    seconds = BP_SANDBOX_SECONDS;
  prepare (res, backward, g, start, seconds);
  e = fork_and_wait (res, backward, net, X, y, reg, cache, seconds, &ended,
                     &status, &waited);
  if (e != 0)
    return bp_error_set (err, "%s: cannot start a process: %s", name,
                         strerror (e));
  res->seconds = bp_clock_seconds () - start;
  read_outcome (res, sh, ended, status, waited);
  /* Lines: known when the entry of backward has one. */
  bp_sandbox_describe (res, (uintptr_t) backward, &entry);
  res->lines = entry.line > 0;
  if (res->status == BP_SANDBOX_CRASHED
      || res->status == BP_SANDBOX_OUT_OF_BOUNDS
      || (res->status == BP_SANDBOX_EXITED && sh->exiting))
    bp_sandbox_describe (res, sh->loc, &res->at);
  compose_message (res, sh, name, seconds);
  if (res->status != BP_SANDBOX_RETURNED)
    {
      bp_error_set (err, "%s", res->msg);
      return GSL_EFAILED;
    }
  copy_grads (g, &res->state->grads);
  g->present = sh->present;
  return 0;
}

/* A distinct place among the entries asked about, and how many of them
 * were last stored there. */
struct tally {
  uintptr_t addr;
  size_t count;
};

/* A source line (or, without one, a place) and the entries stored there. */
struct group {
  bp_sandbox_line where;
  size_t count;
};

/* Group the places of the entries of store (n of them) flagged in mask
 * (NULL: all) by source line, into *groups (grown as needed; *ngroups of
 * them).  t has room for n tallies.  Puts the flagged entries never
 * stored in *unwritten.  Returns 0, or GSL_ENOMEM. */
static int
group_places (bp_sandbox_result *res, const uintptr_t *store, size_t n,
              const unsigned char *mask, struct tally *t,
              struct group **groups, size_t *ngroups, size_t *unwritten)
{
  size_t m = 0, cap = 0;
  bp_sandbox_line w;

  *unwritten = 0;
  *ngroups = 0;
  for (size_t i = 0; i < n; i++)
    {
      size_t j;
      if (mask != NULL && !mask[i])
        continue;
      if (store[i] == 0)
        {
          (*unwritten)++;
          continue;
        }
      for (j = 0; j < m && t[j].addr != store[i]; j++)
        ;
      if (j == m)
        {
          t[m].addr = store[i];
          t[m].count = 0;
          m++;
        }
      t[j].count++;
    }
  for (size_t j = 0; j < m; j++)
    {
      size_t k;
      lookup (res, t[j].addr, &w, 0);
      for (k = 0; k < *ngroups; k++)
        {
          const bp_sandbox_line *o = &(*groups)[k].where;
          if (w.line > 0 ? o->line == w.line && strcmp (o->file, w.file) == 0
              : o->line == 0 && o->addr == w.addr)
            break;
        }
      if (k == *ngroups)
        {
          if (*ngroups == cap)
            {
              size_t c = cap ? 2 * cap : 8;
              struct group *more = realloc (*groups, c * sizeof *more);
              if (more == NULL)
                return GSL_ENOMEM;
              *groups = more;
              cap = c;
            }
          (*groups)[k].where = w;
          (*groups)[k].count = 0;
          (*ngroups)++;
        }
      (*groups)[k].count += t[j].count;
    }
  return 0;
}

/* bp_sandbox_where on the last stores (store) or the first (first). */
static int
where_in (bp_sandbox_result *res, enum bp_grad_id id,
          const uintptr_t *const places[BP_NGRADS],
          const unsigned char *mask, bp_sandbox_line *where)
{
  struct tally *t;
  struct group *groups = NULL;
  size_t n, ngroups = 0, unwritten = 0, best = 0;
  int others = 0, status;

  if ((unsigned) id >= BP_NGRADS)
    GSL_ERROR ("no such gradient", GSL_EINVAL);
  memset (where, 0, sizeof *where);
  n = res->size[id];
  t = malloc (n * sizeof *t);
  if (t == NULL)
    GSL_ERROR ("cannot allocate a tally", GSL_ENOMEM);
  status = group_places (res, places[id], n, mask, t, &groups, &ngroups,
                         &unwritten);
  if (status == 0 && ngroups == 0 && mask != NULL)
    {
      size_t all_unwritten;
      status = group_places (res, places[id], n, NULL, t, &groups,
                             &ngroups, &all_unwritten);
      others = 1;
    }
  free (t);
  if (status != 0)
    {
      free (groups);
      GSL_ERROR ("cannot allocate a tally", status);
    }
  if (ngroups == 0)
    {
      free (groups);
      where->unwritten = unwritten;
      return GSL_FAILURE;
    }
  for (size_t k = 1; k < ngroups; k++)
    if (groups[k].count > groups[best].count)
      best = k;
  lookup (res, groups[best].where.addr, where, 1);
  if (where->line > 0 && !others)
    {
      int l = bp_srcline_mistake_at (where->file, where->line,
                                     where->column, where->computed_text,
                                     sizeof where->computed_text);
      where->computed = l != where->line ? l : 0;
    }
  where->count = others ? 0 : groups[best].count;
  where->unwritten = unwritten;
  where->others = others;
  free (groups);
  return 0;
}

int
bp_sandbox_where (bp_sandbox_result *res, enum bp_grad_id id,
                  const unsigned char *mask, bp_sandbox_line *where)
{
  return where_in (res, id, res->store, mask, where);
}

int
bp_sandbox_where_first (bp_sandbox_result *res, enum bp_grad_id id,
                        const unsigned char *mask, bp_sandbox_line *where)
{
  return where_in (res, id, res->first, mask, where);
}
