/* python.h -- a student's Python file, run in a child process.
 *
 * `gradcheck --python FILE[:CLASS]' runs the student's CS231n-style
 * TwoLayerNet through the Python package backprop_check, installed with
 * backprop, as
 *
 *   PYTHON -m backprop_check.run FILE[:CLASS] --out DIR [--net D,H,C]
 *          [--batch N] [--seed S] [--reg R] [--kinks] --timeout SECONDS
 *
 * which saves into DIR what `gradcheck --npy DIR' reads (npy.h: the batch,
 * the parameters, the student's scores, loss and gradients, and the
 * intermediates it identified), with where.tsv (the line of each gradient)
 * and ownloss.tsv (each parameter gradient against centred differences of
 * the student's own loss) beside them.  The student's code is untrusted:
 * it runs in its own process, with a time limit, and nothing it prints
 * reaches ours; what goes wrong comes back as one line. */

#ifndef BP_PYTHON_H
#define BP_PYTHON_H

#include <stddef.h>

#include "error.h"
#include "problem.h"

/* The runner's reg when none is given. */
#define BP_PYTHON_REG 0.05

typedef struct bp_python_opts {
  const char *python;           /* the interpreter; NULL: $BACKPROP_PYTHON,
                                   else the one configure found */
  const char *klass;            /* NULL: the runner's default, TwoLayerNet */
  size_t D, H, C, N;            /* 0: the runner's defaults */
  unsigned long seed;           /* 0: the runner's default */
  double reg;                   /* negative: the runner's default */
  int kinks;                    /* allow z1 within h of 0 */
  double seconds;               /* time limit of the student's code: the
                                   runner's own; the child is killed 2 s
                                   after it */
} bp_python_opts;

/* Defaults: the runner's net, batch, seed and reg; 20 s. */
void bp_python_opts_init (bp_python_opts *o);

/* Run file through the runner into the existing directory outdir.
 * Returns 0, or GSL_EFAILED with err holding one line: the runner's own
 * ("neural_net.py:97: ZeroDivisionError: division by zero"), or that the
 * run took 2 s longer than o->seconds, was killed by a signal, or that
 * the interpreter cannot be run. */
int bp_python_run (const char *file, const bp_python_opts *o,
                   const char *outdir, bp_error *err);

/* The problem of a student's Python file: bp_python_run into a fresh
 * directory under $TMPDIR (or /tmp), the arrays read as
 * bp_problem_load_npy reads them, where.tsv into the problem's where and
 * where_text, ownloss.tsv into own_err; then the directory is removed.
 * reg is what the runner used.  0, or GSL_EFAILED with err. */
int bp_problem_python (const char *file, const bp_python_opts *o,
                       bp_problem **out, bp_error *err);

/* The directory holding the package backprop_check: $BACKPROP_PYTHONPATH,
 * else the installed one. */
const char *bp_python_path (void);

#endif /* BP_PYTHON_H */
