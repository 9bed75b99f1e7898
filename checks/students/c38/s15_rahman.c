/* =====================================================================
 *  NNfS  --  Homework 3  --  backward pass
 *  Farhan Rahman
 * =====================================================================
 */

#include <backprop/net.h>
#include <backprop/grads.h>
#include <gsl/gsl_blas.h>

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* db[j] = sum over rows of dZ[:, j] */
static void
column_sums (const gsl_matrix *dZ, gsl_vector *db)
{
  for (size_t j = 0; j < dZ->size2; j++)
    {
      gsl_vector_const_view col = gsl_matrix_const_column (dZ, j);
      double s = 0.0;
      for (size_t i = 0; i < col.vector.size; i++)
        s += gsl_vector_get (&col.vector, i);
      gsl_vector_set (db, j, s);
    }
}

/* dW = A^T dZ + 2 reg W */
static void
weight_grad (const gsl_matrix *A, const gsl_matrix *dZ, const gsl_matrix *W,
             double reg, gsl_matrix *dW)
{
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, A, dZ, 0.0, dW);
  for (size_t i = 0; i < W->size1; i++)
    for (size_t j = 0; j < W->size2; j++)
      *gsl_matrix_ptr (dW, i, j) += 2.0 * reg * gsl_matrix_get (W, i, j);
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* output: (softmax - onehot) / N */
  for (size_t i = 0; i < N; i++)
    for (size_t c = 0; c < net->C; c++)
      gsl_matrix_set (g->dz2, i, c,
                      (gsl_matrix_get (cache->prob, i, c) - (double) (y[i] == c)) / N);

  weight_grad (cache->p1, g->dz2, net->W2, reg, g->dW2);
  column_sums (g->dz2, g->db2);

  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* relu: derivative is 1 where z1 > 0, else 0 */
  for (size_t i = 0; i < N; i++)
    for (size_t j = 0; j < net->H; j++)
      gsl_matrix_set (g->dz1, i, j,
                      (gsl_matrix_get (cache->z1, i, j) > 0) * gsl_matrix_get (g->dp1, i, j));

  weight_grad (X, g->dz1, net->W1, reg, g->dW1);
  column_sums (g->dp1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
