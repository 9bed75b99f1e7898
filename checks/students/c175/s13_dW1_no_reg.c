/* backward.c -- two layer net, backward
 *
 * The gradients are computed into scratch matrices (allocated here, freed
 * at the end) by one function each, then copied into g.
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

static void
grad_dz2 (const gsl_matrix *prob, const size_t *y, gsl_matrix *out)
{
  size_t i;
  gsl_matrix_memcpy (out, prob);
  for (i = 0; i < out->size1; i++)
    {
      double *p = gsl_matrix_ptr (out, i, y[i]);
      *p -= 1.0;
    }
  gsl_matrix_scale (out, 1.0 / (double) out->size1);
}

/* dW2 = p1^T dz2 + 2 reg W2 */
static void
grad_dW2 (const gsl_matrix *p1, const gsl_matrix *dz2, const gsl_matrix *W2,
          double reg, gsl_matrix *out)
{
  gsl_matrix_memcpy (out, W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, p1, dz2, 2.0 * reg, out);
}

static void
grad_db (const gsl_matrix *dz, gsl_vector *out)
{
  gsl_vector *ones = gsl_vector_alloc (dz->size1);
  gsl_vector_set_all (ones, 1.0);
  gsl_blas_dgemv (CblasTrans, 1.0, dz, ones, 0.0, out);
  gsl_vector_free (ones);
}

static void
grad_dp1 (const gsl_matrix *dz2, const gsl_matrix *W2, gsl_matrix *out)
{
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, dz2, W2, 0.0, out);
}

static void
grad_dz1 (const gsl_matrix *dp1, const gsl_matrix *z1, gsl_matrix *out)
{
  size_t i, j;
  for (i = 0; i < out->size1; i++)
    for (j = 0; j < out->size2; j++)
      gsl_matrix_set (out, i, j,
                      gsl_matrix_get (z1, i, j) > 0.0 ? gsl_matrix_get (dp1, i, j) : 0.0);
}

/* dW1 = X^T dz1 */
static void
grad_dW1 (const gsl_matrix *X, const gsl_matrix *dz1, gsl_matrix *out)
{
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, dz1, 0.0, out);
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = X->size2, H = net->H, C = net->C;
  gsl_matrix *t_dz2, *t_dW2, *t_dp1, *t_dz1, *t_dW1;
  gsl_vector *t_db2, *t_db1;

  if (N != cache->N || D != net->D || g->N != N)
    return 1;

  t_dz2 = gsl_matrix_alloc (N, C);
  t_dW2 = gsl_matrix_alloc (H, C);
  t_db2 = gsl_vector_alloc (C);
  t_dp1 = gsl_matrix_alloc (N, H);
  t_dz1 = gsl_matrix_alloc (N, H);
  t_dW1 = gsl_matrix_alloc (D, H);
  t_db1 = gsl_vector_alloc (H);

  grad_dz2 (cache->prob, y, t_dz2);
  grad_dW2 (cache->p1, t_dz2, net->W2, reg, t_dW2);
  grad_db (t_dz2, t_db2);
  grad_dp1 (t_dz2, net->W2, t_dp1);
  grad_dz1 (t_dp1, cache->z1, t_dz1);
  grad_dW1 (X, t_dz1, t_dW1);
  grad_db (t_dz1, t_db1);

  gsl_matrix_memcpy (g->dz2, t_dz2);
  gsl_matrix_memcpy (g->dW2, t_dW2);
  gsl_vector_memcpy (g->db2, t_db2);
  gsl_matrix_memcpy (g->dp1, t_dp1);
  gsl_matrix_memcpy (g->dz1, t_dz1);
  gsl_matrix_memcpy (g->dW1, t_dW1);
  gsl_vector_memcpy (g->db1, t_db1);

  gsl_matrix_free (t_dz2); gsl_matrix_free (t_dW2); gsl_vector_free (t_db2);
  gsl_matrix_free (t_dp1); gsl_matrix_free (t_dz1); gsl_matrix_free (t_dW1);
  gsl_vector_free (t_db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
