/* sandbox.h -- run a backward pass that may crash, hang or scribble (a
 * student's shared object) in a child process, and record, for every
 * entry of every gradient, where the code stored into it last.
 *
 * The child gets the gradients in pages of their own, surrounded by wide
 * inaccessible guard regions, so that a write out of bounds is caught
 * instead of corrupting anything.  On x86-64 Linux the pages are also kept
 * read-only: each store into them faults, the address of the storing
 * instruction is noted against the entries it wrote (for a store made
 * inside a library, gsl_blas_dgemm writing dW1, the address of the call in
 * the checked code), and the store is let through by single-stepping it.
 * Addresses become source lines through elfutils' libdw when the library
 * was built with it and the checked object has debug information (-g).
 *
 * Elsewhere the child still protects the caller from crashes, hangs,
 * exit() and writes into the guards, but records no stores and no lines. */

#ifndef BP_SANDBOX_H
#define BP_SANDBOX_H

#include <stddef.h>
#include <stdint.h>
#include "error.h"
#include "net.h"
#include "grads.h"

/* The time limit that bp_sandbox_run uses when given 0 seconds. */
#define BP_SANDBOX_SECONDS 5.0

/* What a result says when the checked object has no line information. */
#define BP_SANDBOX_HINT "rebuild with -g for the line of each mistake"

/* How a sandboxed run ended. */
typedef enum bp_sandbox_status {
  BP_SANDBOX_RETURNED,          /* backward returned; its value in retval */
  BP_SANDBOX_CRASHED,           /* killed by signal signo */
  BP_SANDBOX_TIMED_OUT,         /* did not return within the time limit */
  BP_SANDBOX_EXITED,            /* called exit (exit_status) instead */
  BP_SANDBOX_OUT_OF_BOUNDS      /* wrote (or read) outside the gradients */
} bp_sandbox_status;

/* The inputs a call of backward changed (bp_sandbox_result's changed):
 * a backward that writes into its net, batch or cache gives a second call
 * on them other values than the first. */
#define BP_SANDBOX_CHANGED_NET  (1u << 0)
#define BP_SANDBOX_CHANGED_X    (1u << 1)
#define BP_SANDBOX_CHANGED_Y    (1u << 2)
#define BP_SANDBOX_CHANGED_Z1   (1u << 3)
#define BP_SANDBOX_CHANGED_P1   (1u << 4)
#define BP_SANDBOX_CHANGED_Z2   (1u << 5)
#define BP_SANDBOX_CHANGED_PROB (1u << 6)

/* A place in the checked code and, when known, its source line. */
typedef struct bp_sandbox_line {
  uintptr_t addr;               /* code address in this process; 0: none */
  int line;                     /* 1-based source line; 0: not known */
  int column;                   /* 1-based column on it; 0: not known */
  char file[512];               /* the source file, as its DWARF names it
                                   (joined to the compilation directory) */
  char name[128];               /* its base name: "c24-null.c" */
  char text[256];               /* that line of the file, trimmed; "" when
                                   the file cannot be read */
  char symbol[128];             /* "function+0x1f" when known, else "" */
  /* Filled by bp_sandbox_where only: */
  size_t count;                 /* entries asked about last stored here */
  size_t unwritten;             /* entries asked about never stored */
  int others;                   /* 1: none of the entries asked about was
                                   stored; this is where the gradient's
                                   other entries were */
  int computed;                 /* when the store writes one variable as it
                                   is (db1[j] = tmp), the line shortly
                                   before that computed it (tmp += ...),
                                   or when it computes with an indicator
                                   made just before (keep = z >= 0 ? 1 :
                                   0), that line; else 0.  A wrong operand
                                   is likelier there, a missing term at
                                   the store. */
  char computed_text[256];      /* that line, trimmed */
} bp_sandbox_line;

struct bp_sandbox_state;

/* The outcome of one run, and the workspace that runs reuse. */
typedef struct bp_sandbox_result {
  size_t N, D, H, C;
  bp_sandbox_status status;
  int retval;                   /* what backward returned (RETURNED) */
  int signo;                    /* the signal (CRASHED, OUT_OF_BOUNDS) */
  int exit_status;              /* the status given to exit (EXITED) */
  int recorded;                 /* 1: stores were recorded (x86-64 Linux) */
  int lines;                    /* 1: addresses have source lines */
  int complete;                 /* 0: recording stopped after
                                   BP_SANDBOX_MAX_STORES stores or half the
                                   time limit; later stores not recorded */
  size_t stores;                /* stores into the gradients recorded */
  int cold;                     /* set by the caller: 1 makes the runs
                                   call backward once, with no first call
                                   before (see bp_sandbox_run) */
  unsigned changed;             /* the changed bits above: the inputs
                                   the unrecorded first call changed; when
                                   any, the recorded call ran on them */
  double seconds;               /* wall time of the run */
  bp_sandbox_line at;           /* where it crashed, exited or went out of
                                   bounds (addr 0 when not known) */
  /* One line saying what happened, starting with the object's name:
   * "backward.so: killed by SIGSEGV at c24-null.c:31: mask[i * H + j] = ..."
   * For a run that returned: "" or, when lines are missing, a note that
   * ends with BP_SANDBOX_HINT. */
  char msg[BP_ERRMAX];
  /* Per gradient, row-major in the shape of bp_grads_matrix (biases as
   * one row): size[id] entries, and for each the address of the last
   * store into it in the checked object (the call's address when a
   * library made the store); 0 for an entry never stored. */
  size_t size[BP_NGRADS];
  const uintptr_t *store[BP_NGRADS];
  const uintptr_t *first[BP_NGRADS];   /* the same for the first store
                                           into each entry */
  struct bp_sandbox_state *state;       /* private */
} bp_sandbox_result;

/* At most this many stores are recorded in one run; the rest run freely. */
#define BP_SANDBOX_MAX_STORES 2000000

/* A result (and its workspace: shared pages, guards) for gradients of a
 * batch of N samples of a D-H-C net; NULL (through the GSL error handler)
 * for a zero or overflowing size, or when the pages cannot be mapped. */
bp_sandbox_result *bp_sandbox_result_alloc (size_t N, size_t D, size_t H,
                                            size_t C);
void bp_sandbox_result_free (bp_sandbox_result *res);

/* Run backward (net, X, y, reg, cache, g) in a child process, killed
 * after `seconds' (0: BP_SANDBOX_SECONDS).  The child starts from g's
 * values, runs one thread (OpenMP and the CBLAS are told so), and what it
 * writes elsewhere than in g (net, cache) stays in the child.  The child
 * calls backward once before, unrecorded, on copies of its inputs and
 * into gradients of its own, as training has called it before: what the
 * object keeps between calls acts on the recorded call.  When that call
 * changed its inputs (res->changed), the recorded call runs on the
 * changed copies, as a second call on the same inputs would.  With
 * res->cold set, the child makes no first call: the recorded call is the
 * first on its inputs.  When backward
 * returns, its gradients are copied back into g, with the present bits
 * it set, res->status is BP_SANDBOX_RETURNED, and res->store holds the
 * last store into every entry.  so_path names the checked object in
 * messages (NULL: "backward").
 *
 * Returns 0 when backward returned (whatever it returned: res->retval).
 * When it crashed, hung, exited or went out of bounds, g is left as it
 * was, res says what happened and err->msg (err may be NULL) holds
 * res->msg; returns GSL_EFAILED.  Returns GSL_EBADLEN (through the GSL
 * error handler) when g's sizes are not res's, and GSL_EFAILED with a
 * message when no child can be started. */
int bp_sandbox_run (bp_backward_fn *backward, const char *so_path,
                    const bp_net *net, const gsl_matrix *X, const size_t *y,
                    double reg, const bp_cache *cache, bp_grads *g,
                    double seconds, bp_sandbox_result *res, bp_error *err);

/* Where the entries of gradient id flagged in mask (row-major in the
 * shape of bp_grads_matrix; NULL: every entry) were last stored: the
 * source line holding the most of them, with how many (count) and how
 * many of them were never stored (unwritten).  When none was stored, the
 * line where the gradient's other entries were, with others set.
 * Without line information, `where' has the address and line 0.
 * Returns 0 when a place was found, GSL_FAILURE when the run recorded no
 * store into the gradient, GSL_EINVAL (through the error handler) for an
 * id out of range. */
int bp_sandbox_where (bp_sandbox_result *res, enum bp_grad_id id,
                      const unsigned char *mask, bp_sandbox_line *where);

/* The same for the first store into each entry: the line of a mistake
 * made before the last store (a product from the wrong operand, to which
 * a right penalty is then added), or of a first store that adds onto what
 * the gradient held. */
int bp_sandbox_where_first (bp_sandbox_result *res, enum bp_grad_id id,
                            const unsigned char *mask,
                            bp_sandbox_line *where);

/* The place and source line of code address addr of the checked object
 * of the last run (line 0 when not known).  Returns 0, or GSL_FAILURE
 * when addr is 0. */
int bp_sandbox_describe (bp_sandbox_result *res, uintptr_t addr,
                         bp_sandbox_line *where);

#endif /* BP_SANDBOX_H */
