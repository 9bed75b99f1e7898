/* verdict.h -- the whole verdict on a student's work: forward pass, loss,
 * the convention of the loss, and the gradients checked under it.
 *
 * In the order a student's mistakes should be fixed:
 *
 *  1. the scores, when given (forward.h): wrong scores are the root, and
 *     every gradient that disagrees is shown as inherited from them;
 *  2. the loss, when given: it names the convention (convention.h) that
 *     the gradients are then checked under; a loss that no convention
 *     gives is a mistake of its own;
 *  3. the gradients (gradcheck.h), under the convention declared, or found
 *     from the loss, or the library's own.  When the loss leaves several
 *     conventions possible (reg = 0, zero biases, or a wrong loss), the one
 *     under which the gradients agree best is taken.  When the gradients
 *     are wrong under the convention assumed (no loss given) or given by
 *     the loss, but right under another, the verdict says so (hint): the
 *     convention to declare, or a loss that disagrees with its gradients
 *     about the convention. */

#ifndef BP_VERDICT_H
#define BP_VERDICT_H

#include <gsl/gsl_matrix.h>

#include "net.h"
#include "grads.h"
#include "convention.h"
#include "forward.h"
#include "gradcheck.h"
#include "sandbox.h"

/* Where the convention of the check came from. */
enum bp_conv_source {
  BP_CONV_ASSUMED,              /* the library's own: nothing said */
  BP_CONV_DECLARED,             /* the caller declared it */
  BP_CONV_FROM_LOSS,            /* the student's loss value gives it */
  BP_CONV_FROM_GRADS            /* several fit the loss; the gradients chose */
};

#define BP_WHERE_MAX 320

/* How bp_verdict_run takes what it is given (flags, or-ed). */
enum {
  BP_VERDICT_DECLARED = 1,      /* opts->conv is the student's, declared */
  BP_VERDICT_ARRAYS = 2         /* the gradients are a student's arrays
                                   (saved, or traced in their Python), not
                                   a backward pass's: an intermediate the
                                   parameter gradients were not computed
                                   from as it is, is set aside (aside) */
};

typedef struct bp_verdict {
  int flags;
  unsigned aside;               /* bit (1u << id) for each intermediate set
                                   aside (BP_VERDICT_ARRAYS): shown absent */
  bp_forward_check fwd;
  bp_gradcheck *check;          /* the gradients under conv */
  bp_convention conv;
  enum bp_conv_source source;
  /* Filled by the caller, for the report: where each gradient was made
   * in the student's code, as FILE:LINE ("neural_net.py:97"), and that
   * line's text ("dhidden[dhidden < 0] = 0"), or ""; and each parameter
   * gradient's largest relative error against centred differences of the
   * student's own loss function, where it could be called (a Python
   * file), or NaN. */
  char where[BP_NGRADS][BP_WHERE_MAX];
  char where_text[BP_NGRADS][BP_WHERE_MAX];
  double own_err[BP_NGRADS];
  int hint;                     /* the gradients are wrong under conv, which
                                   was assumed or given by the loss, but
                                   right under hint_conv */
  bp_convention hint_conv;
  /* Filled by bp_verdict_backward: "" or, when something is wrong and the
   * shared object has no line information, how to get it ("backward.so:
   * ... rebuild with -g ..."), for the caller to show. */
  char note[BP_ERRMAX];
} bp_verdict;

/* The verdict on gradients user (with their present bits), scores (N, C)
 * or NULL, and loss (NaN when not given), for the net at X (N, D), y (N)
 * and reg.  opts->conv is used as declared with BP_VERDICT_DECLARED in
 * flags.  With BP_VERDICT_ARRAYS, an intermediate (dz2, dp1, dz1) is set
 * aside when a parameter gradient after it is right overall but not given
 * it (a student who applies 1/N to each parameter gradient has a dz2 N
 * times too large), or when it is wrong while every parameter gradient
 * after it is right: the parameter gradients decide.
 * Returns NULL (through the GSL error handler) when out of memory or when
 * the shapes disagree. */
bp_verdict *bp_verdict_run (const bp_net *net, const gsl_matrix *X,
                            const size_t *y, double reg,
                            const bp_grads *user, const gsl_matrix *scores,
                            double loss, const bp_gradcheck_opts *opts,
                            int flags);
void bp_verdict_free (bp_verdict *v);

/* Fill where and where_text of each root cause from a sandboxed run of
 * the backward pass that produced the gradients (sandbox.h): the line of
 * the last store into its wrong entries or, when that store writes one
 * variable as it is and the cause is not the penalty's, the line that
 * computed the variable.  Returns 1 when the run had source lines, 0 when
 * the object has no debug information. */
int bp_verdict_locate (bp_verdict *v, bp_sandbox_result *res);

/* The verdict on the backward pass `backward' itself, run at net for X
 * (N, D), y (N) and reg, with opts and flags as for bp_verdict_run (no
 * scores, no loss: a backward pass follows the library's convention unless
 * BP_VERDICT_DECLARED says otherwise).  With so_path, the name of the
 * shared object it came from, the code is a student's and untrusted: it
 * runs in the sandbox (sandbox.h) with a time limit of `seconds' (0: the
 * sandbox's default), and each root cause gets its line (bp_verdict_locate),
 * or note says how to get lines.  Without so_path it is called directly.
 * Returns 0 with the verdict in *out; GSL_EFAILED with err's one line when
 * the backward pass crashed, hung, exited, wrote out of bounds or returned
 * nonzero; GSL_ENOMEM when out of memory. */
int bp_verdict_backward (const bp_net *net, const gsl_matrix *X,
                         const size_t *y, double reg,
                         bp_backward_fn *backward, const char *so_path,
                         double seconds, const bp_gradcheck_opts *opts,
                         int flags, bp_verdict **out, bp_error *err);

/* The lines of the root causes of v, a verdict on the gradients of the
 * shared object so_path's backward pass at net for X, y and reg: the
 * pass is run once more in the sandbox, only to record its stores, and v's
 * where, where_text or note are filled as bp_verdict_backward fills them.
 * For a caller that already ran the pass where a crash cannot hurt.
 * Returns 0, or GSL_EFAILED with err as bp_verdict_backward does. */
int bp_verdict_locate_backward (bp_verdict *v, const bp_net *net,
                                const gsl_matrix *X, const size_t *y,
                                double reg, bp_backward_fn *backward,
                                const char *so_path, double seconds,
                                bp_error *err);

/* 1 when anything is wrong (scores, loss or a gradient), else 0. */
int bp_verdict_wrong (const bp_verdict *v);

#endif /* BP_VERDICT_H */
