/* pychild.h -- starting the Python side of backprop in a child process
 * (private to the io layer: python.c runs the runner, pyserve.c the
 * server). */

#ifndef BP_PYCHILD_H
#define BP_PYCHILD_H

#include <stddef.h>

#include "backprop/python.h"

/* The interpreter: o->python, else $BACKPROP_PYTHON, else the one
 * configure found. */
const char *bp_python_interpreter (const bp_python_opts *o);

/* The student's FILE[:CLASS] as the Python side takes it, into buf:
 * "file:klass" when o->klass is set, else file as it is (which may name
 * the class itself). */
const char *bp_python_target (const char *file, const bp_python_opts *o,
                              char *buf, size_t len);

/* In a child just forked: standard input from in (-1: /dev/null),
 * standard output to /dev/null, standard error to err; PYTHONPATH with
 * the package's directory first (bp_python_path), MPLBACKEND=Agg; with
 * one_thread, numpy's BLAS on one thread (OPENBLAS_NUM_THREADS,
 * OMP_NUM_THREADS, BLIS_NUM_THREADS, MKL_NUM_THREADS 1, where the
 * environment does not set them): for thousands of tiny products, as the
 * runner's own-loss check makes, threads only cost.  Then exec argv, or
 * _exit(127). */
void bp_python_exec (const char **argv, int in, int err, int one_thread)
  __attribute__ ((noreturn));

#endif /* BP_PYCHILD_H */
