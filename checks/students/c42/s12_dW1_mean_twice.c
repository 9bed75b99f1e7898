/* backward.c -- two-layer net, backward.  Ported from numpy; the helpers
 * return new matrices like numpy expressions do, so I can nest them:
 *     grads_W2 = add(matmul(hidden, dscores, T, N), scaled(W2, 2 reg))
 */

#include <math.h>
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

#define T 1
#define NT 0

static gsl_matrix *
matmul (const gsl_matrix *A, const gsl_matrix *B, int transA, int transB)
{
  gsl_matrix *R = gsl_matrix_alloc (transA ? A->size2 : A->size1,
                                    transB ? B->size1 : B->size2);
  gsl_blas_dgemm (transA ? CblasTrans : CblasNoTrans,
                  transB ? CblasTrans : CblasNoTrans, 1.0, A, B, 0.0, R);
  return R;
}

/* s * A, new */
static gsl_matrix *
scaled (const gsl_matrix *A, double s)
{
  gsl_matrix *R = gsl_matrix_alloc (A->size1, A->size2);
  gsl_matrix_memcpy (R, A);
  gsl_matrix_scale (R, s);
  return R;
}

/* A + B, new */
static gsl_matrix *
add (const gsl_matrix *A, const gsl_matrix *B)
{
  gsl_matrix *R = gsl_matrix_alloc (A->size1, A->size2);
  gsl_matrix_memcpy (R, A);
  gsl_matrix_add (R, B);
  return R;
}

/* A * B elementwise, new */
static gsl_matrix *
mul (const gsl_matrix *A, const gsl_matrix *B)
{
  gsl_matrix *R = gsl_matrix_alloc (A->size1, A->size2);
  gsl_matrix_memcpy (R, A);
  gsl_matrix_mul_elements (R, B);
  return R;
}

/* (z > 0) as 0/1, new */
static gsl_matrix *
relu_grad (const gsl_matrix *z)
{
  gsl_matrix *R = gsl_matrix_alloc (z->size1, z->size2);
  for (size_t i = 0; i < z->size1; i++)
    for (size_t j = 0; j < z->size2; j++)
      gsl_matrix_set (R, i, j, gsl_matrix_get (z, i, j) > 0.0);
  return R;
}

static gsl_vector *
sum_axis0 (const gsl_matrix *A)
{
  gsl_vector *r = gsl_vector_calloc (A->size2);
  for (size_t i = 0; i < A->size1; i++)
    {
      gsl_vector_const_view row = gsl_matrix_const_row (A, i);
      gsl_vector_add (r, &row.vector);
    }
  return r;
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* probs again from the scores (stable version) */
  gsl_matrix *probs = gsl_matrix_alloc (N, net->C);
  for (size_t i = 0; i < N; i++)
    {
      gsl_vector_const_view s = gsl_matrix_const_row (cache->z2, i);
      double mx = gsl_vector_max (&s.vector), tot = 0.0;
      for (size_t k = 0; k < net->C; k++)
        tot += exp (gsl_vector_get (&s.vector, k) - mx);
      for (size_t k = 0; k < net->C; k++)
        gsl_matrix_set (probs, i, k, exp (gsl_vector_get (&s.vector, k) - mx) / tot);
    }

  gsl_matrix *onehot = gsl_matrix_calloc (N, net->C);
  for (size_t i = 0; i < N; i++)
    gsl_matrix_set (onehot, i, y[i], 1.0);

  gsl_matrix *dscores = scaled (add (probs, scaled (onehot, -1.0)), 1.0 / N);
  gsl_matrix *grads_W2 = add (matmul (cache->p1, dscores, T, NT), scaled (net->W2, 2 * reg));
  gsl_vector *grads_b2 = sum_axis0 (dscores);

  gsl_matrix *dhidden = matmul (dscores, net->W2, NT, T);
  gsl_matrix *dz1 = mul (dhidden, relu_grad (cache->z1));

  gsl_matrix *grads_W1 = add (scaled (matmul (X, dz1, T, NT), 1.0 / N), scaled (net->W1, 2 * reg));
  gsl_vector *grads_b1 = sum_axis0 (dz1);

  gsl_matrix_memcpy (g->dz2, dscores);
  gsl_matrix_memcpy (g->dW2, grads_W2);
  gsl_vector_memcpy (g->db2, grads_b2);
  gsl_matrix_memcpy (g->dp1, dhidden);
  gsl_matrix_memcpy (g->dz1, dz1);
  gsl_matrix_memcpy (g->dW1, grads_W1);
  gsl_vector_memcpy (g->db1, grads_b1);

  /* TODO: the temporaries inside the expressions leak, fix later */
  gsl_matrix_free (probs);
  gsl_matrix_free (onehot);
  gsl_matrix_free (dscores);
  gsl_matrix_free (grads_W2);
  gsl_vector_free (grads_b2);
  gsl_matrix_free (dhidden);
  gsl_matrix_free (dz1);
  gsl_matrix_free (grads_W1);
  gsl_vector_free (grads_b1);

  g->present = BP_GRADS_ALL;
  return 0;
}
