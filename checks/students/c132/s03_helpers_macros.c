/*
 * backward.c  -- Maria's version
 *
 * I split the work into small helper functions so each one can be tested
 * on its own (like the "affine_backward" / "relu_backward" on slide 31).
 * The macro AT() reads the raw data array with the row stride (tda),
 * which we saw in the GSL part of the course.
 */

#include "backprop/net.h"
#include "backprop/grads.h"

#define AT(m, i, j) ((m)->data[(i) * (m)->tda + (j)])

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* out = A^T B + lam * W  ;  A is (N,K), B is (N,M), out and W are (K,M) */
static void
weight_grad (const gsl_matrix *A, const gsl_matrix *B, const gsl_matrix *W,
             double lam, gsl_matrix *out)
{
  size_t i, j, n;
  for (i = 0; i < out->size1; i++)
    for (j = 0; j < out->size2; j++)
      {
        double acc = 0.0;
        for (n = 0; n < A->size1; n++)
          acc += AT (A, n, i) * AT (B, n, j);
        AT (out, i, j) = acc + lam * AT (W, i, j);
      }
}

/* bias gradient: add up every row of dZ */
static void
bias_grad (const gsl_matrix *dZ, gsl_vector *db)
{
  size_t i, j;
  for (j = 0; j < dZ->size2; j++)
    {
      double acc = 0.0;
      for (i = 0; i < dZ->size1; i++)
        acc += AT (dZ, i, j);
      gsl_vector_set (db, j, acc);
    }
}

/* relu backward: pass the gradient where the input was positive */
static void
relu_grad (const gsl_matrix *dA, const gsl_matrix *Z, gsl_matrix *dZ)
{
  size_t i, j;
  for (i = 0; i < Z->size1; i++)
    for (j = 0; j < Z->size2; j++)
      AT (dZ, i, j) = AT (Z, i, j) > 0.0 ? AT (dA, i, j) : 0.0;
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, C = net->C, H = net->H;
  size_t i, j, k;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* softmax + cross entropy together: (probs - onehot) / N */
  for (i = 0; i < N; i++)
    for (k = 0; k < C; k++)
      AT (g->dz2, i, k) = (AT (cache->prob, i, k) - (k == y[i] ? 1.0 : 0.0)) / N;

  weight_grad (cache->p1, g->dz2, net->W2, 2.0 * reg, g->dW2);
  bias_grad (g->dz2, g->db2);

  /* dA1 = dZ2 * W2^T */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        double acc = 0.0;
        for (k = 0; k < C; k++)
          acc += AT (g->dz2, i, k) * AT (net->W2, j, k);
        AT (g->dp1, i, j) = acc;
      }

  relu_grad (g->dp1, cache->z1, g->dz1);
  weight_grad (X, g->dz1, net->W1, 2.0 * reg, g->dW1);
  bias_grad (g->dz1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
