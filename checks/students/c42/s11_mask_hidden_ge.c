/* backward.c  --  backprop for the 2-layer net, my numpy code in C
 *
 * numpy version:
 *     dscores = probs.copy(); dscores[np.arange(N), y] -= 1; dscores /= N
 *     grads['W2'] = hidden.T.dot(dscores) + 2*reg*W2
 *     grads['b2'] = np.sum(dscores, axis=0)
 *     dhidden = dscores.dot(W2.T)
 *     dhidden = dhidden * (hidden >= 0)
 *     grads['W1'] = X.T.dot(dhidden) + 2*reg*W1
 *     grads['b1'] = np.sum(dhidden, axis=0)
 */

#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* out = A.T.dot(B) */
static void
dot_AtB (const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *out)
{
  size_t i, j, n;
  for (i = 0; i < A->size2; i++)
    for (j = 0; j < B->size2; j++)
      {
        double s = 0.0;
        for (n = 0; n < A->size1; n++)
          s += gsl_matrix_get (A, n, i) * gsl_matrix_get (B, n, j);
        gsl_matrix_set (out, i, j, s);
      }
}

/* out = A.dot(B.T) */
static void
dot_ABt (const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *out)
{
  size_t i, j, k;
  for (i = 0; i < A->size1; i++)
    for (j = 0; j < B->size1; j++)
      {
        double s = 0.0;
        for (k = 0; k < A->size2; k++)
          s += gsl_matrix_get (A, i, k) * gsl_matrix_get (B, j, k);
        gsl_matrix_set (out, i, j, s);
      }
}

/* out = np.sum(A, axis=0) */
static void
sum_axis0 (const gsl_matrix *A, gsl_vector *out)
{
  size_t i, j;
  for (j = 0; j < A->size2; j++)
    {
      double s = 0.0;
      for (i = 0; i < A->size1; i++)
        s += gsl_matrix_get (A, i, j);
      gsl_vector_set (out, j, s);
    }
}

/* A += alpha * B */
static void
add_scaled (gsl_matrix *A, const gsl_matrix *B, double alpha)
{
  size_t i, j;
  for (i = 0; i < A->size1; i++)
    for (j = 0; j < A->size2; j++)
      gsl_matrix_set (A, i, j, gsl_matrix_get (A, i, j) + alpha * gsl_matrix_get (B, i, j));
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, H = net->H, i, j;
  const gsl_matrix *hidden = cache->p1;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* dscores */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (i = 0; i < N; i++)
    gsl_matrix_set (g->dz2, i, y[i], gsl_matrix_get (g->dz2, i, y[i]) - 1.0);
  gsl_matrix_scale (g->dz2, 1.0 / (double) N);

  /* W2, b2 */
  dot_AtB (hidden, g->dz2, g->dW2);
  add_scaled (g->dW2, net->W2, 2.0 * reg);
  sum_axis0 (g->dz2, g->db2);

  /* dhidden */
  dot_ABt (g->dz2, net->W2, g->dp1);

  /* through the relu */
  gsl_matrix *mask = gsl_matrix_alloc (N, H);
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      gsl_matrix_set (mask, i, j, gsl_matrix_get (hidden, i, j) >= 0.0 ? 1.0 : 0.0);
  gsl_matrix_memcpy (g->dz1, g->dp1);
  gsl_matrix_mul_elements (g->dz1, mask);

  /* W1, b1 */
  dot_AtB (X, g->dz1, g->dW1);
  add_scaled (g->dW1, net->W1, 2.0 * reg);
  sum_axis0 (g->dz1, g->db1);

  gsl_matrix_free (mask);
  g->present = BP_GRADS_ALL;
  return 0;
}
