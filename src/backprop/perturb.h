/* perturb.h -- the loss as a function of one entry of one tensor.
 *
 * gradcheck differentiates, entry by entry, two objectives:
 *
 *   global: the total loss, as a function of a parameter (W1, b1, W2, b2)
 *           or of a cached intermediate (z1, p1, z2), the rest of the
 *           forward pass re-run from there;
 *   local:  one node's vector-Jacobian product with the upstream gradient
 *           that the checked backward itself produced, e.g. for W1
 *           <dz1_user, X W1 + 1 b1'> + reg |W1|^2, and for z1
 *           <dp1_user, relu(z1)>.  (For z2, the head, local is global.)
 *
 * bp_perturb_delta returns f(x0 + delta) - f(x0) for the entry: only what
 * the entry changes is recomputed (moving W1[k,j] changes column j of z1),
 * and the softmax loss is differenced through log1p/expm1, so the result is
 * the true change of the true loss without the cancellation of subtracting
 * two whole losses.  Nothing is allocated after bp_perturb_alloc. */

#ifndef BP_PERTURB_H
#define BP_PERTURB_H

#include <stddef.h>
#include <gsl/gsl_matrix.h>
#include "net.h"
#include "grads.h"
#include "convention.h"

enum bp_ref { BP_REF_GLOBAL, BP_REF_LOCAL };

typedef struct bp_perturb {
  const bp_net *net;
  const gsl_matrix *X;          /* (N, D) */
  const size_t *y;              /* (N) */
  double reg;
  const bp_cache *cache;        /* bp_net_forward at the base point */
  const bp_grads *user;         /* upstreams for the local objectives */
  double w;                     /* weight of a sample's loss: 1/N, or 1 */
  double regw, regb;            /* coefficients of |W|^2 and |b|^2 */
  double dz[];                  /* (C) workspace */
} bp_perturb;

/* A perturber over a forward-filled cache.  user may be NULL when only
 * global objectives are wanted.  The arguments must outlive it. */
bp_perturb *bp_perturb_alloc (const bp_net *net, const gsl_matrix *X,
                              const size_t *y, double reg,
                              const bp_cache *cache, const bp_grads *user);
void bp_perturb_free (bp_perturb *p);

/* Differentiate the loss of convention c instead of the library's own
 * (the default): each sample's cross-entropy weighted 1/N or 1, the
 * penalty penalty reg |W|^2, and penalty reg |b|^2 when the biases are
 * penalised. */
void bp_perturb_set_convention (bp_perturb *p, const bp_convention *c);

/* The tensor that gradient id differentiates (W2 for dW2, z1 for dz1):
 * its shape, biases as one row. */
void bp_perturb_shape (const bp_perturb *p, enum bp_grad_id id, size_t *rows,
                       size_t *cols);

/* Whether the local objective of id can be formed: its upstream gradient
 * is present in user (always for dz2, whose local objective is global). */
int bp_perturb_has_local (const bp_perturb *p, enum bp_grad_id id);

/* f(x0 + delta) - f(x0) for entry i (row-major) of the tensor of id. */
double bp_perturb_delta (bp_perturb *p, enum bp_grad_id id, enum bp_ref ref,
                         size_t i, double delta);

/* Nonzero when moving entry i by any step in [-h, h] flips the sign of
 * some z1, i.e. the difference quotient straddles a ReLU kink. */
int bp_perturb_kink (const bp_perturb *p, enum bp_grad_id id, size_t i,
                     double h);

/* An upper bound on |f''| along entry i, away from kinks, for the
 * objectives that can have kinks (global W1, b1, z1; local dz1 is
 * piecewise linear, 0).  A one-sided quotient with step h is within
 * h/2 times this of the derivative on its side.  Uses that the softmax
 * cross-entropy's Hessian in the scores has eigenvalues at most 1/2. */
double bp_perturb_curvature (const bp_perturb *p, enum bp_grad_id id,
                             enum bp_ref ref, size_t i);

#endif /* BP_PERTURB_H */
