/* net.h -- the two-layer network: parameters, forward cache, layers, loss.
 *
 * Dimension legend, used in every shape comment of the library:
 *   N  samples in a batch (one per row)     D  input features
 *   H  hidden units                          C  classes
 *
 *   z1 = X W1 + 1 b1'      (N, H)
 *   p1 = relu(z1)          (N, H)
 *   z2 = p1 W2 + 1 b2'     (N, C)   the scores
 *   loss = (1/N) sum_i -log softmax(z2_i)[y_i] + reg (|W1|^2 + |W2|^2)
 *
 * All matrices are GSL row-major.  Every *_alloc has a *_free that accepts
 * NULL.  Functions return 0 on success or a GSL error code (GSL_EINVAL,
 * GSL_EBADLEN, GSL_ENOMEM, ...) after calling the GSL error handler. */

#ifndef BP_NET_H
#define BP_NET_H

#include <stddef.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include <gsl/gsl_rng.h>

/* The parameters.  They live in one block, theta, in the order W1, b1, W2,
 * b2; W1, b1, W2 and b2 are views into it, so a gradient check can walk
 * one flat vector and the gradients (see grads.h) share the layout.
 * bp_net_alloc makes the struct and its parameters one allocation. */
typedef struct bp_net {
  size_t D, H, C;
  gsl_vector *theta;            /* D*H + H + H*C + C */
  gsl_matrix *W1;               /* (D, H) view into theta */
  gsl_vector *b1;               /* (H) */
  gsl_matrix *W2;               /* (H, C) */
  gsl_vector *b2;               /* (C) */
  gsl_matrix_view W1_view;      /* storage for the views above */
  gsl_vector_view b1_view;
  gsl_matrix_view W2_view;
  gsl_vector_view b2_view;
  gsl_vector_view theta_view;
  double data[];                /* theta's storage, from a 64-byte line */
} bp_net;

/* The forward cache for a batch of N samples: what the backward pass reads. */
typedef struct bp_cache {
  size_t N, H, C;
  gsl_matrix *z1;               /* (N, H) hidden pre-activations */
  gsl_matrix *p1;               /* (N, H) relu(z1) */
  gsl_matrix *z2;               /* (N, C) scores */
  gsl_matrix *prob;             /* (N, C) softmax(z2), row by row */
} bp_cache;

/* Number of parameters of a D-H-C net, or 0 if it would overflow. */
size_t bp_net_size (size_t D, size_t H, size_t C);

/* A net with all parameters zero; NULL (GSL_EINVAL or GSL_ENOMEM through
 * the error handler) for a zero or overflowing size. */
bp_net *bp_net_alloc (size_t D, size_t H, size_t C);
void bp_net_free (bp_net *net);
int bp_net_memcpy (bp_net *dest, const bp_net *src);

/* W = std * N(0,1) entrywise, as in CS231n; biases zero. */
void bp_net_init_gaussian (bp_net *net, gsl_rng *rng, double std);
/* He initialisation: W1 ~ N(0, 2/D), W2 ~ N(0, 2/H); biases zero. */
void bp_net_init_he (bp_net *net, gsl_rng *rng);

bp_cache *bp_cache_alloc (size_t N, size_t H, size_t C);
void bp_cache_free (bp_cache *cache);

/* The layers, each a forward/backward pair (derivations in net.c). */

/* Z = X W + 1 b'.  X (N, K), W (K, M), b (M), Z (N, M). */
int bp_affine_forward (const gsl_matrix *X, const gsl_matrix *W,
                       const gsl_vector *b, gsl_matrix *Z);
/* dW = X' dZ, db = column sums of dZ, dX = dZ W'.  Any of dX, dW, db may
 * be NULL when not wanted.  dZ (N, M), X (N, K), W (K, M). */
int bp_affine_backward (const gsl_matrix *dZ, const gsl_matrix *X,
                        const gsl_matrix *W, gsl_matrix *dX, gsl_matrix *dW,
                        gsl_vector *db);

/* P = max(0, Z), entrywise.  Z, P (N, M); P may be Z. */
int bp_relu_forward (const gsl_matrix *Z, gsl_matrix *P);
/* dZ = dP * [Z > 0].  dP, Z, dZ (N, M); dZ may be dP. */
int bp_relu_backward (const gsl_matrix *dP, const gsl_matrix *Z,
                      gsl_matrix *dZ);

/* Mean softmax cross-entropy of scores Z (N, C) against labels y (N),
 * computed stably by log-sum-exp; prob (N, C) receives softmax(Z) unless
 * NULL.  Returns the loss, or NaN (GSL_EINVAL) for a label out of range. */
double bp_softmax_loss_forward (const gsl_matrix *Z, const size_t *y,
                                gsl_matrix *prob);
/* dZ = (prob - onehot(y)) / N.  prob, dZ (N, C); dZ may be prob. */
int bp_softmax_loss_backward (const gsl_matrix *prob, const size_t *y,
                              gsl_matrix *dZ);

/* The L2 penalty reg |W|^2 of a weight matrix W (K, M), and its gradient
 * added to dW (K, M): dW += 2 reg W. */
double bp_l2_forward (const gsl_matrix *W, double reg);
int bp_l2_backward (const gsl_matrix *W, double reg, gsl_matrix *dW);

/* The whole net. */

/* Fill cache->z1, p1, z2 and prob from X (N, D). */
int bp_net_forward (const bp_net *net, const gsl_matrix *X, bp_cache *cache);
/* Recompute what follows z1 (or p1) in the cache, after a caller changed it. */
int bp_net_forward_from_z1 (const bp_net *net, bp_cache *cache);
int bp_net_forward_from_p1 (const bp_net *net, bp_cache *cache);

/* reg * (|W1|^2 + |W2|^2). */
double bp_net_reg_loss (const bp_net *net, double reg);
/* The mean cross-entropy of a forward-filled cache against labels y (N). */
double bp_net_data_loss (const bp_cache *cache, const size_t *y);
/* The full loss of a forward-filled cache: data loss plus reg_loss. */
double bp_net_loss (const bp_net *net, const bp_cache *cache, const size_t *y,
                    double reg);

/* Class of each row of X (N, D): argmax of the scores, lowest index on
 * ties.  labels has N entries; the cache is used as workspace. */
int bp_net_predict (const bp_net *net, const gsl_matrix *X, bp_cache *cache,
                    size_t *labels);

#endif /* BP_NET_H */
