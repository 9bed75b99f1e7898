/* naive.h -- the two-layer net's loss written again with plain loops, so
 * that tests can compare the library against an independent computation. */

#ifndef BP_NAIVE_H
#define BP_NAIVE_H

#include <stddef.h>
#include "backprop/net.h"

/* Where the loss starts: from X (the whole net), or from a given z1, p1 or
 * z2 (N rows, row-major), running only the rest of the net. */
enum naive_from { FROM_X, FROM_Z1, FROM_P1, FROM_Z2 };

/* The full loss, reg term included, starting at `from`, whose values are
 * in `in` (X for FROM_X). */
double naive_loss (const bp_net *net, enum naive_from from, const double *in,
                   size_t N, const size_t *y, double reg);

/* Centered difference of naive_loss with respect to every entry of the
 * array `x` (n entries), which must be `in` or a parameter of net, written
 * into `out`.  Step h. */
void naive_gradient (const bp_net *net, enum naive_from from, double *in,
                     size_t N, const size_t *y, double reg, double *x,
                     size_t n, double h, double *out);

#endif /* BP_NAIVE_H */
