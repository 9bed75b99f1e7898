/* gradcheck.h -- check a backward pass gradient by gradient, and say which
 * gradients are root causes and which only inherit an upstream error.
 *
 * For each of the seven gradients, two references from finite
 * differences (see perturb.h): the global one, the derivative of the total
 * loss, and the local one, the derivative of the node's vector-Jacobian
 * product with the upstream gradient the checked code produced.
 *
 *   ok         agrees with both references
 *   root       disagrees with its local reference: a mistake lives here
 *   inherited  agrees locally, disagrees globally: wrong only because an
 *              upstream gradient is
 *   absent     not supplied (e.g. numpy users who saved only dW1 ... db2)
 *
 * When a gradient's upstream is absent its local reference cannot be
 * formed; it is judged globally, and a wrong one is a root whose cause
 * may lie in the code before it that was not supplied.
 *
 * An entry counts as mismatched only when |a - n| exceeds both the
 * tolerance rtol (|a| + |n|) and the numerical error estimate.  Entries
 * whose step crosses a ReLU kink are judged instead by the one-sided
 * bracket: a must lie between the left and right difference quotients. */

#ifndef BP_GRADCHECK_H
#define BP_GRADCHECK_H

#include <stddef.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_rng.h>
#include "net.h"
#include "grads.h"
#include "convention.h"

typedef enum bp_status {
  BP_STATUS_OK, BP_STATUS_ROOT, BP_STATUS_INHERITED, BP_STATUS_ABSENT
} bp_status;

/* The tolerances of the check and of its causes, one row for gradients
 * computed in float64 and one for float32 (bp_gradcheck_tolerance). */
typedef struct bp_tolerance {
  double rtol;                  /* the default relative tolerance of an
                                   entry: 1e-6; float32 1e-3 */
  double atol;                  /* an entry is mismatched only beyond this
                                   times its tensor's largest entry: 1e-7;
                                   float32 1e-5 */
  double fit_atol;              /* the same floor for a cause's prediction,
                                   and below it a gradient is zero: 1e-9;
                                   float32 1e-5 */
  double fit_rtol;              /* a cause's fit is never asked to be closer
                                   than this, whatever rtol: 1e-9; float32
                                   1e-5 */
  double singular;              /* a least-squares fit with two factors
                                   whose determinant is below this
                                   (relative) fits one: 1e-12 */
  double roundoff;              /* and only beyond this many ulps of the
                                   loss over the step h, the rounding that
                                   a difference of the loss cannot shed
                                   (a small entry of a summed loss): 4 */
} bp_tolerance;

typedef struct bp_gradcheck_opts {
  double h;                     /* step, default 1e-5 */
  double rtol;                  /* default 1e-6; raise it for float32
                                   input (the gradcheck program uses 1e-3,
                                   the float32 row's) */
  size_t sample;                /* entries per tensor; 0 means every entry */
  unsigned select;              /* bit (1u << id) for each gradient checked */
  int float32;                  /* the gradients arrived in float32 */
  unsigned long seed;           /* for sampling entries */
  bp_convention conv;           /* the loss the gradients are checked
                                   against; default the library's own */
} bp_gradcheck_opts;

/* Defaults: h 1e-5, rtol 1e-6, every entry, every gradient. */
void bp_gradcheck_opts_init (bp_gradcheck_opts *o);

/* The row of tolerances for o: float64, or float32 when o->float32. */
const bp_tolerance *bp_gradcheck_tolerance (const bp_gradcheck_opts *o);

/* What was found for one gradient. */
typedef struct bp_gradcheck_grad {
  enum bp_grad_id id;
  size_t rows, cols;            /* biases: 1 row */
  bp_status status;
  int has_local;                /* its local reference could be formed */
  size_t checked;               /* entries differenced */
  size_t bad_global, bad_local; /* mismatched entries */
  size_t kinks, kinks_bad;      /* kink-crossed entries; of those, failed */
  double global_err, local_err; /* max CS231n relative error, non-kink
                                   entries; NaN when not computed */
  double global_norm, local_norm; /* |a - n| / max(1e-8, |a| + |n|), 2-norms */
  size_t worst;                 /* flat index of the worst entry (global) */
  /* Per entry (rows x cols): the numeric references and flags; NaN for
   * entries not checked. */
  gsl_matrix *analytic;         /* the checked gradient, as supplied */
  gsl_matrix *num_global, *num_local, *err_global;
  unsigned char *kink;          /* 1 where the step crossed a kink */
  unsigned char *bad;           /* 1 where mismatched (global or local) */
  /* The reference the status was judged by (local when formed, else
   * global), kept so that other values can be judged alike
   * (bp_gradcheck_judge): the error estimate of each difference, and the
   * one-sided bracket [lo, hi] where the step crossed a kink (NaN
   * elsewhere). */
  gsl_matrix *abserr, *lo, *hi;
  char cause[48];               /* "-" or a cause code, e.g. "scale:0.2" */
  char because[512];            /* the cause as a sentence with the rule */
  size_t explained;             /* mismatched entries that the cause's fix
                                   makes agree (see causes.h) */
  int exact;                    /* the fix makes every entry agree */
} bp_gradcheck_grad;

typedef struct bp_gradcheck {
  size_t N, D, H, C;
  double reg, loss;
  bp_gradcheck_opts opts;
  bp_gradcheck_grad g[BP_NGRADS];
} bp_gradcheck;

/* Check the gradients in user (filled by the backward under test, with
 * its present bits) for the net at X (N, D), y (N): measure each against
 * its references and set its status; the causes of the roots are left to
 * causes.h (bp_gradcheck_diagnose does both).  Returns NULL (through the
 * GSL error handler) when out of memory or when the shapes disagree. */
bp_gradcheck *bp_gradcheck_run (const bp_net *net, const gsl_matrix *X,
                                const size_t *y, double reg,
                                const bp_grads *user,
                                const bp_gradcheck_opts *opts);
void bp_gradcheck_free (bp_gradcheck *r);

/* Judge values a (rows, cols) in place of gradient g of r: at the entries
 * that were checked, against the reference g's status was judged by, with
 * the same criterion.  Marks bad[i] (rows * cols bytes) 1 where a is
 * mismatched, 0 elsewhere, and stores their number in *nbad.  Returns 0,
 * or GSL_ENOMEM. */
int bp_gradcheck_judge (const bp_gradcheck *r, const bp_gradcheck_grad *g,
                        const gsl_matrix *a, unsigned char *bad,
                        size_t *nbad);

/* Number of gradients whose status is root or inherited. */
size_t bp_gradcheck_failures (const bp_gradcheck *r);

const char *bp_status_name (bp_status s);

/* Step sweep: err[s][id], for the steps h[s] = 10^-(s+1), s = 0..11, the
 * CS231n relative error of gradient id against the plain centered
 * quotient at that step (global references; NaN for absent gradients). */
#define BP_SWEEP_STEPS 12
int bp_gradcheck_sweep (const bp_net *net, const gsl_matrix *X,
                        const size_t *y, double reg, const bp_grads *user,
                        double err[BP_SWEEP_STEPS][BP_NGRADS]);

#endif /* BP_GRADCHECK_H */
