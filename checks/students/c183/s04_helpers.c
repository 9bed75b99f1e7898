/* backward.c - two layer net, backward pass (sample by sample)
 * Group 7: helpers for the two layers, the loop just calls them. */

#include <gsl/gsl_blas.h>
#include "backprop.h"

#define ROW(name, M, i)  gsl_vector_view name = gsl_matrix_row ((M), (i))
#define CROW(name, M, i) gsl_vector_const_view name = gsl_matrix_const_row ((M), (i))

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* grad of -log softmax at the label, for one sample, already / N */
static void
score_grad (const gsl_vector *prob, size_t label, double N, gsl_vector *out)
{
  gsl_vector_memcpy (out, prob);
  gsl_vector_set (out, label, gsl_vector_get (out, label) - 1.0);
  gsl_vector_scale (out, 1.0 / N);
}

/* relu backward for one sample: out = upstream * mask(z > 0) */
static void
relu_back (const gsl_vector *upstream, const gsl_vector *z,
           gsl_vector *mask, gsl_vector *out)
{
  size_t j;
  for (j = 0; j < z->size; j++)
    gsl_vector_set (mask, j, gsl_vector_get (z, j) > 0 ? 1.0 : 0.0);
  gsl_vector_memcpy (out, upstream);
  gsl_vector_mul (out, mask);
}

/* dW += 2 reg W, for the penalty reg |W|^2 */
static int
add_penalty (gsl_matrix *dW, const gsl_matrix *W, double reg)
{
  gsl_matrix *t = gsl_matrix_alloc (W->size1, W->size2);
  if (!t)
    return 1;
  gsl_matrix_memcpy (t, W);
  gsl_matrix_scale (t, 2.0 * reg);
  gsl_matrix_add (dW, t);
  gsl_matrix_free (t);
  return 0;
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, i;
  gsl_vector *mask;
  int err = 0;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;
  mask = gsl_vector_alloc (net->H);
  if (!mask)
    return 1;

  gsl_matrix_set_zero (g->dW1); gsl_vector_set_zero (g->db1);
  gsl_matrix_set_zero (g->dW2); gsl_vector_set_zero (g->db2);

  for (i = 0; i < N; i++) {
    CROW (xi, X, i);
    CROW (pi, cache->prob, i);
    CROW (ai, cache->p1, i);
    CROW (zi, cache->z1, i);
    ROW (dz2, g->dz2, i);
    ROW (dp1, g->dp1, i);
    ROW (dz1, g->dz1, i);

    score_grad (&pi.vector, y[i], (double) N, &dz2.vector);
    gsl_blas_dger (1.0, &ai.vector, &dz2.vector, g->dW2);
    gsl_vector_add (g->db2, &dz2.vector);

    gsl_blas_dgemv (CblasNoTrans, 1.0, net->W2, &dz2.vector, 0.0, &dp1.vector);
    relu_back (&dp1.vector, &zi.vector, mask, &dz1.vector);

    gsl_blas_dger (1.0, &xi.vector, &dz1.vector, g->dW1);
    gsl_vector_add (g->db1, &dz1.vector);
  }
  gsl_vector_free (mask);

  err |= add_penalty (g->dW2, net->W2, reg);
  err |= add_penalty (g->dW1, net->W1, reg);
  if (err)
    return 1;

  g->present = BP_GRADS_ALL;
  return 0;
}
