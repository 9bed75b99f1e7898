/* backward.c - two layer net backward pass (from my hw numpy code)
 *
 * loss = data_loss + reg * (np.sum(W1*W1) + np.sum(W2*W2))
 */

#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* returns a copy of A (np.copy) */
static gsl_matrix *
copy (const gsl_matrix *A)
{
  gsl_matrix *B = gsl_matrix_alloc (A->size1, A->size2);
  gsl_matrix_memcpy (B, A);
  return B;
}

/* returns A.T */
static gsl_matrix *
transpose (const gsl_matrix *A)
{
  gsl_matrix *B = gsl_matrix_alloc (A->size2, A->size1);
  gsl_matrix_transpose_memcpy (B, A);
  return B;
}

/* returns A.dot(B) */
static gsl_matrix *
dot (const gsl_matrix *A, const gsl_matrix *B)
{
  gsl_matrix *R = gsl_matrix_alloc (A->size1, B->size2);
  size_t i, j, k;
  for (i = 0; i < A->size1; i++)
    for (j = 0; j < B->size2; j++)
      {
        double s = 0.0;
        for (k = 0; k < A->size2; k++)
          s += gsl_matrix_get (A, i, k) * gsl_matrix_get (B, k, j);
        gsl_matrix_set (R, i, j, s);
      }
  return R;
}

/* A = A * s, returns A */
static gsl_matrix *
scale (gsl_matrix *A, double s)
{
  gsl_matrix_scale (A, s);
  return A;
}

/* A += B */
static void
add_inplace (gsl_matrix *A, const gsl_matrix *B)
{
  gsl_matrix_add (A, B);
}

/* np.sum(A, axis=0) into v */
static void
sum_axis0 (const gsl_matrix *A, gsl_vector *v)
{
  size_t i, j;
  for (j = 0; j < A->size2; j++)
    {
      double s = 0.0;
      for (i = 0; i < A->size1; i++)
        s += gsl_matrix_get (A, i, j);
      gsl_vector_set (v, j, s);
    }
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  size_t i, j;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* dscores = probs; dscores[range(N), y] -= 1; dscores /= N */
  gsl_matrix *dscores = copy (cache->prob);
  for (i = 0; i < N; i++)
    gsl_matrix_set (dscores, i, y[i], gsl_matrix_get (dscores, i, y[i]) - 1.0);
  scale (dscores, 1.0 / N);

  /* grads_W2 = hidden.T.dot(dscores) + reg * W2 */
  gsl_matrix *hidden_T = transpose (cache->p1);
  gsl_matrix *grads_W2 = dot (hidden_T, dscores);
  gsl_matrix *reg_W2 = scale (copy (net->W2), reg);
  add_inplace (grads_W2, reg_W2);

  /* grads_b2 = np.sum(dscores, axis=0) */
  sum_axis0 (dscores, g->db2);

  /* dhidden = dscores.dot(W2.T) */
  gsl_matrix *W2_T = transpose (net->W2);
  gsl_matrix *dhidden = dot (dscores, W2_T);
  gsl_matrix_memcpy (g->dp1, dhidden);

  /* dhidden[hidden <= 0] = 0  (hidden = relu(z1), z1 <= 0 same thing) */
  for (i = 0; i < N; i++)
    for (j = 0; j < net->H; j++)
      if (gsl_matrix_get (cache->z1, i, j) <= 0.0)
        gsl_matrix_set (dhidden, i, j, 0.0);

  /* grads_W1 = X.T.dot(dhidden) + 2 * reg * W1 */
  gsl_matrix *X_T = transpose (X);
  gsl_matrix *grads_W1 = dot (X_T, dhidden);
  gsl_matrix *reg_W1 = scale (copy (net->W1), 2 * reg);
  add_inplace (grads_W1, reg_W1);

  sum_axis0 (dhidden, g->db1);

  gsl_matrix_memcpy (g->dz2, dscores);
  gsl_matrix_memcpy (g->dW2, grads_W2);
  gsl_matrix_memcpy (g->dz1, dhidden);
  gsl_matrix_memcpy (g->dW1, grads_W1);

  gsl_matrix_free (dscores);
  gsl_matrix_free (hidden_T);
  gsl_matrix_free (grads_W2);
  gsl_matrix_free (reg_W2);
  gsl_matrix_free (W2_T);
  gsl_matrix_free (dhidden);
  gsl_matrix_free (X_T);
  gsl_matrix_free (grads_W1);
  gsl_matrix_free (reg_W1);

  g->present = BP_GRADS_ALL;
  return 0;
}
