/* grads.h -- the seven gradients of the two-layer net, and the type of a
 * backward pass that fills them.
 *
 * In backprop order (shapes use the legend of net.h):
 *   dz2 (N, C)  dW2 (H, C)  db2 (C)  dp1 (N, H)  dz1 (N, H)  dW1 (D, H)  db1 (H)
 *
 * The parameter gradients dW1, db1, dW2, db2 live in one block, dtheta,
 * laid out exactly like bp_net's theta. */

#ifndef BP_GRADS_H
#define BP_GRADS_H

#include <stddef.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include "net.h"

enum bp_grad_id {
  BP_DZ2, BP_DW2, BP_DB2, BP_DP1, BP_DZ1, BP_DW1, BP_DB1,
  BP_NGRADS
};

typedef struct bp_grads {
  size_t N, D, H, C;
  gsl_matrix *dz2;              /* (N, C) */
  gsl_matrix *dW2;              /* (H, C) view into dtheta */
  gsl_vector *db2;              /* (C) */
  gsl_matrix *dp1;              /* (N, H) */
  gsl_matrix *dz1;              /* (N, H) */
  gsl_matrix *dW1;              /* (D, H) */
  gsl_vector *db1;              /* (H) */
  gsl_vector *dtheta;           /* D*H + H + H*C + C, as bp_net.theta */
  /* Bit (1u << id) set when gradient id holds a value.  A backward pass
   * that fills only some gradients (a student's numpy code that saved only
   * dW1, db1, dW2, db2) clears the others; gradcheck shows them absent. */
  unsigned present;
  gsl_matrix_view dW1_view, dW2_view;
  gsl_vector_view db1_view, db2_view;
} bp_grads;

#define BP_GRADS_ALL ((1u << BP_NGRADS) - 1u)

/* A backward pass: given the net, the batch (X (N, D), labels y (N)), the
 * regularisation strength and the cache that bp_net_forward filled, write
 * all seven gradients into g and return 0 (or nonzero on failure).
 * bp_net_backward is the reference; the bug zoo and users' shared objects
 * supply others with the same signature. */
typedef int bp_backward_fn (const bp_net *net, const gsl_matrix *X,
                            const size_t *y, double reg,
                            const bp_cache *cache, bp_grads *g);

/* Gradients for a batch of N samples of a D-H-C net, all zero and all
 * present; NULL (through the GSL error handler) for a zero or overflowing
 * size. */
bp_grads *bp_grads_alloc (size_t N, size_t D, size_t H, size_t C);
void bp_grads_free (bp_grads *g);

/* "dz2", "dW2", ... for id; NULL for an id out of range. */
const char *bp_grad_name (enum bp_grad_id id);
/* The id whose name is s, with or without the leading "d" ("W1", "dW1",
 * "z1"), or -1. */
int bp_grad_lookup (const char *s);

/* The graph, written once: the gradient that id is computed from (its
 * upstream), or -1 for dz2, the head.  dW2, db2 and dp1 come from dz2;
 * dz1 from dp1; dW1 and db1 from dz1. */
int bp_grad_upstream (enum bp_grad_id id);

/* Gradient id as a matrix: biases as one row.  The view aliases g. */
gsl_matrix_view bp_grads_matrix (bp_grads *g, enum bp_grad_id id);

#endif /* BP_GRADS_H */
