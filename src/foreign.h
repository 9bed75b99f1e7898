/* foreign.h -- nntrain's foreign backward pass: a student's shared object
 * (--backward), a student's Python file (--python) or a bug of the zoo
 * (--inject).  How it trains (a shared object's in a guarded child, a
 * Python file's through backprop_check's server), how it is checked as it
 * trains (--check-every), and what its run shows against the reference
 * backward pass's.  Part of the program, not of the library: it prints,
 * and fails with cli_fail. */

#ifndef BP_FOREIGN_H
#define BP_FOREIGN_H

#include <limits.h>
#include <stddef.h>

#include "backprop.h"

/* A foreign pass is checked every FOREIGN_CHECK_EVERY steps by default,
 * on the first FOREIGN_CHECK_ROWS samples of the step's batch; a step of
 * a student's code may take FOREIGN_SECONDS. */
#define FOREIGN_CHECK_EVERY 100
#define FOREIGN_CHECK_ROWS 10
#define FOREIGN_SECONDS 10.0

/* What a check that stops training returns through bp_train: the pass is
 * wrong (its report printed), or could not be checked (one line
 * printed). */
enum { FOREIGN_WRONG = 1000, FOREIGN_FAILED };

typedef struct foreign {
  const char *opt;              /* "--backward", "--python" or "--inject";
                                   NULL: the library's own pass */
  const char *name;             /* the object as loaded, the file, the bug */
  char so_path[PATH_MAX + 2];   /* --backward's object, as loaded */
  const char *python;           /* --python's FILE[:CLASS], or NULL */
  bp_backward_fn *backward;     /* what trains; NULL: the library's */
  double timeout;               /* seconds a step of the student's code may
                                   take (--timeout) */
  double reg, lr;               /* the training's */
  int bar;                      /* a progress bar is on stderr */
} foreign;

/* The pass of at most one of backward (FILE.so[:SYMBOL]), python
 * (FILE[:CLASS]) and inject (a bug's name), any of them NULL; two is
 * cli_fail, as is an object that cannot be loaded or an unknown bug. */
void foreign_choose (foreign *f, const char *backward, const char *python,
                     const char *inject);

/* A bp_train_check_fn, data a foreign: the verdict on the pass at net,
 * for the first FOREIGN_CHECK_ROWS samples of the batch X, y (the library's
 * own pass when f->backward is NULL).  0 when right; FOREIGN_WRONG after
 * printing gradcheck's report; FOREIGN_FAILED after one line on stderr. */
int foreign_check (const bp_net *net, const gsl_matrix *X, const size_t *y,
                   size_t iter, void *data);

/* bp_train with the pass: a shared object's in a guarded child
 * (guard.h), a Python file's with the server answering each step.  Returns
 * what bp_train returns; a crash, a hang or an error of the student's
 * code is cli_fail. */
int foreign_train (foreign *f, bp_net *net, const bp_dataset *train,
                   const bp_dataset *val, const bp_preproc *pp,
                   const bp_train_params *p, gsl_rng *rng,
                   bp_history **hist);

/* The run h against the reference's run ref on the same data and seed:
 * the symptom of a wrong gradient when it shows, else how close the two
 * came; one line on stdout. */
void foreign_print_symptom (const foreign *f, const bp_history *h,
                            const bp_history *ref);

#endif /* BP_FOREIGN_H */
