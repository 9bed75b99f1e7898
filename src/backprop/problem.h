/* problem.h -- the problem a gradient check or a training run works on: a
 * net, a batch, the regularisation strength, and what a student's files
 * supplied beside them (their gradients, their loss, their scores).
 *
 * One type for every source: the CS231n toy net built into the library,
 * a toy file in backprop's text format (toy.c), a random net, numpy
 * arrays in a directory or an .npz archive (npy.h), a student's Python
 * file (python.h), and a batch drawn from a data set for a trained model
 * (bp_problem_from_model, in model.h).  Shapes use the
 * legend of net.h.
 *
 * The toy text format: '#' starts a comment that runs to the end of the
 * line.  The rest is a sequence of blocks, each a header  NAME ROWS COLS
 * followed by ROWS*COLS numbers, row by row, separated by white space.  A
 * toy file has the blocks X (N, D), y (1, N) with integer labels, W1 (D,
 * H), b1 (1, H), W2 (H, C), b2 (1, C), and may have reg (1, 1), and the
 * reference values scores (N, C) and loss (1, 1).  data/toy.txt is the
 * CS231n toy net, the one built in. */

#ifndef BP_PROBLEM_H
#define BP_PROBLEM_H

#include <stddef.h>
#include <gsl/gsl_matrix.h>
#include "error.h"
#include "grads.h"
#include "net.h"

#define BP_PROBLEM_WHERE_MAX 320

typedef struct bp_problem {
  bp_net *net;                  /* owned */
  gsl_matrix *X;                /* (N, D) one sample per row */
  size_t *y;                    /* (N) labels, each < C */
  size_t N;
  double reg;                   /* L2 strength: loss term reg |W|^2 */
  /* What the source supplied beside the problem itself. */
  bp_grads *grads;              /* NULL, or the gradients supplied, with a
                                   present bit for each (the rest zero) */
  int float32;                  /* some array arrived as float32 */
  double loss;                  /* the supplied (or published) loss at
                                   reg, or NaN */
  gsl_matrix *scores;           /* (N, C) the supplied scores, or NULL */
  char warning[BP_ERRMAX];      /* "" or one line for the user, e.g. that
                                   two gradient files are the same array */
  /* From a student's Python file (python.h): where each gradient was
   * made, as FILE:LINE and that line's text, or ""; and each parameter
   * gradient's largest relative error against centred differences of the
   * student's own loss function, or NaN. */
  char where[BP_NGRADS][BP_PROBLEM_WHERE_MAX];
  char where_text[BP_NGRADS][BP_PROBLEM_WHERE_MAX];
  double own_err[BP_NGRADS];
} bp_problem;

/* A problem of N samples for a D-H-C net: net, X and labels zero, reg 0,
 * loss NaN, nothing supplied.  NULL (through the GSL error handler) for a
 * zero or overflowing size. */
bp_problem *bp_problem_alloc (size_t N, size_t D, size_t H, size_t C);
/* Frees everything the problem holds; NULL is a no-op. */
void bp_problem_free (bp_problem *p);

/* The CS231n toy net, built into the library (the same numbers as
 * data/toy.txt): N=5, D=4, H=10, C=3, reg 0.05, with the published scores
 * and loss.  0, or GSL_EFAILED with err (out of memory). */
int bp_problem_toy (bp_problem **out, bp_error *err);

/* Read a toy file.  On success *out is set and 0 returned; otherwise *out
 * is NULL and GSL_EFAILED returned with err saying what is wrong ("line
 * 12: block X: value 1 is not a finite number"); the message does not
 * name the file.  reg is 0 when the file has no reg block. */
int bp_problem_load_toy (const char *path, bp_problem **out, bp_error *err);

/* A random problem: X (N, D) and the weights drawn from N(0,1) scaled as
 * He initialisation, biases from N(0, 0.1^2) so that some z1 lie near the
 * ReLU kink, labels uniform in 0..C-1; nothing supplied.  The same seed
 * gives the same problem.  NULL (through the GSL error handler) for zero
 * or overflowing sizes. */
bp_problem *bp_problem_random (size_t N, size_t D, size_t H, size_t C,
                               unsigned long seed, double reg);

/* numpy arrays: a directory of .npy files or one .npz archive (see
 * npy.h for the names).  reg is 0: the arrays do not carry it.  Errors
 * name the file inside (but not path itself): "W2.npy: shape (9, 3) but
 * W1.npy has shape (4, 10): want (10, C)". */
int bp_problem_load_npy (const char *path, bp_problem **out, bp_error *err);

#endif /* BP_PROBLEM_H */
