/* toy.h -- the toy net: a small network, a batch and its reference values,
 * read from our plain text format.
 *
 * The format: '#' starts a comment that runs to the end of the line.  The
 * rest is a sequence of blocks, each a header  NAME ROWS COLS  followed by
 * ROWS*COLS numbers, row by row, separated by white space.  A toy file has
 * the blocks X (N, D), y (1, N) with integer labels, W1 (D, H), b1 (1, H),
 * W2 (H, C), b2 (1, C), and may have reg (1, 1), and the reference values
 * scores (N, C) and loss (1, 1).  data/toy.txt is the CS231n toy net. */

#ifndef BP_TOY_H
#define BP_TOY_H

#include <stddef.h>
#include <gsl/gsl_matrix.h>
#include "net.h"
#include "error.h"

typedef struct bp_toy {
  bp_net *net;
  gsl_matrix *X;                /* (N, D) */
  size_t *y;                    /* (N), each < C */
  size_t N;
  double reg;                   /* 0 when the file has no reg block */
  gsl_matrix *scores;           /* (N, C) reference scores, or NULL */
  double loss;                  /* reference loss at reg, or NaN */
} bp_toy;

/* Read a toy file.  On success *toy is set and 0 returned; otherwise
 * GSL_EFAILED with err saying what is wrong (no line is printed). */
int bp_toy_load (const char *path, bp_toy **toy, bp_error *err);
void bp_toy_free (bp_toy *toy);

/* A random problem of the same kind: X (N, D) and the weights drawn from
 * N(0,1) scaled as He initialisation, biases from N(0, 0.1^2) so that
 * some z1 lie near the ReLU kink, labels uniform in 0..C-1; no reference
 * values.  The same seed gives the same problem.  NULL (through the GSL
 * error handler) for zero or overflowing sizes. */
bp_toy *bp_toy_random (size_t N, size_t D, size_t H, size_t C,
                       unsigned long seed, double reg);

/* The path of a file or directory shipped with backprop in data/ (e.g.
 * "toy.txt"): in $BACKPROP_DATADIR if set; in the source tree's data/ when
 * the running program is in this package's build tree; else in the
 * installed data directory.  Returns a static buffer, or NULL when it does
 * not exist there. */
const char *bp_datafile (const char *name);

#endif /* BP_TOY_H */
