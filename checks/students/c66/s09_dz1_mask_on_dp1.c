/* backward.c -- your backward pass of the two-layer net, to be checked by
 * `gradcheck --backward ./backward.so`.
 *
 * Fill in the seven gradients below, in the order they are numbered: each
 * needs only the forward cache, the parameters and the gradients before
 * it.  The rules you are aiming at are listed in gradcheck(1), section
 * DESCRIPTION ("The correct rules are"); try to derive each one before you
 * look.  As shipped, every gradient is set to zero and gradcheck finds
 * all seven wrong: dz2, dW2 and dW1 are root causes "zero"; the others
 * are "inherited", because zero is right for them given a zero gradient
 * upstream.  Start with dz2.
 *
 * Build against the installed backprop, and check (see the Makefile):
 *   cc -shared -fPIC $(pkg-config --cflags backprop) -o backward.so backward.c
 *   gradcheck --backward ./backward.so
 *   gradcheck --backward ./backward.so --net 6,8,4 --batch 7
 * The first checks on the toy net; the second on a random 6-8-4 net with
 * 7 samples, where a mix-up of two dimensions cannot hide.
 *
 * Shapes: N samples (one per row), D inputs, H hidden units, C classes.
 *   X (N, D)            y (N), labels in 0 .. C-1     reg, a number
 *   net->W1 (D, H)      net->b1 (H)
 *   net->W2 (H, C)      net->b2 (C)
 *   cache->z1 (N, H)    = X W1 + b1, each row plus b1
 *   cache->p1 (N, H)    = relu(z1) = max(0, z1), entry by entry
 *   cache->z2 (N, C)    = p1 W2 + b2, the scores
 *   cache->prob (N, C)  = softmax(z2), row by row
 *   loss = (1/N) sum_i -log prob[i][y_i] + reg (|W1|^2 + |W2|^2)
 * Note that there is no 1/2 in front of reg.
 *
 * All matrices are GSL's, row-major: read an entry with
 * gsl_matrix_get (A, i, j), write one with gsl_matrix_set (A, i, j, v);
 * vectors with gsl_vector_get (v, i) and gsl_vector_set (v, i, x).  Plain
 * loops are fine; gsl_blas_dgemm from <gsl/gsl_blas.h> is faster. */

#include "backprop.h"
#include <gsl/gsl_blas.h>

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  size_t i, j;

  /* gradcheck passes matching shapes; a mismatch is a failure (nonzero). */
  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* 1. dz2 (N, C), the gradient of the loss with respect to the scores
   *    z2.  It needs cache->prob, the labels y, and N (the loss is a
   *    mean over the batch).  TODO */
  for (i = 0; i < N; i++) {
    const double *prow = gsl_matrix_const_ptr(cache->prob, i, 0);
    double *drow = gsl_matrix_ptr(g->dz2, i, 0);
    for (j = 0; j < net->C; j++)
      drow[j] = prow[j] / N;
    drow[y[i]] -= 1.0 / N;
  }

  /* 2. dW2 (H, C), the gradient with respect to W2.  It needs cache->p1,
   *    dz2, and for the reg term reg and net->W2.  TODO */
  gsl_matrix_memcpy(g->dW2, net->W2);
  gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2*reg, g->dW2);

  /* 3. db2 (C), the gradient with respect to b2.  It needs dz2.  TODO */
  for (j = 0; j < net->C; j++) {
    gsl_vector_const_view c = gsl_matrix_const_column(g->dz2, j);
    double sum = 0;
    for (i = 0; i < N; i++) sum += gsl_vector_get(&c.vector, i);
    gsl_vector_set(g->db2, j, sum);
  }

  /* 4. dp1 (N, H), the gradient with respect to p1.  It needs dz2 and
   *    net->W2.  TODO */
  gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* 5. dz1 (N, H), the gradient with respect to z1, through the ReLU.  It
   *    needs dp1 and one of the cached tensors: think about which one
   *    decides whether the ReLU let its input through.  TODO */
  for (i = 0; i < N; i++) {
    const double *up = gsl_matrix_const_ptr(g->dp1, i, 0);
    double *out = gsl_matrix_ptr(g->dz1, i, 0);
    for (j = 0; j < net->H; j++)
      out[j] = up[j] > 0 ? up[j] : 0.0;   /* relu backward */
  }

  /* 6. dW1 (D, H), the gradient with respect to W1.  It needs X, dz1,
   *    and for the reg term reg and net->W1.  TODO */
  gsl_matrix_memcpy(g->dW1, net->W1);
  gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2*reg, g->dW1);

  /* 7. db1 (H), the gradient with respect to b1.  It needs dz1.  TODO */
  for (j = 0; j < net->H; j++) {
    gsl_vector_const_view c = gsl_matrix_const_column(g->dz1, j);
    double sum = 0;
    for (i = 0; i < N; i++) sum += gsl_vector_get(&c.vector, i);
    gsl_vector_set(g->db1, j, sum);
  }

  /* Tell gradcheck which gradients hold values: all seven.  While one is
   * not written yet, clear its bit, e.g. g->present &= ~(1u << BP_DZ1),
   * and gradcheck shows it as absent instead of wrong. */
  g->present = BP_GRADS_ALL;
  return 0;
}
