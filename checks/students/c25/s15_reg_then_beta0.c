/*
 * backward.c -- two-layer net, all with GSL BLAS
 *
 * For each weight matrix I first put the regularisation gradient 2*reg*W
 * into dW and then add the data gradient x^T dout with dgemm.
 */

#include <gsl/gsl_blas.h>
#include <backprop/net.h>
#include <backprop/grads.h>

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

static void
softmax_loss_backward (const gsl_matrix *probs, const size_t *y,
                       gsl_matrix *dscores)
{
  size_t N = probs->size1;
  gsl_matrix_memcpy (dscores, probs);
  for (size_t i = 0; i < N; i++)
    {
      double p = gsl_matrix_get (probs, i, y[i]);
      gsl_matrix_set (dscores, i, y[i], p - 1.0);
    }
  gsl_matrix_scale (dscores, 1.0 / N);
}

static void
bias_backward (const gsl_matrix *dout, gsl_vector *db)
{
  gsl_vector *ones = gsl_vector_alloc (dout->size1);
  gsl_vector_set_all (ones, 1.0);
  gsl_blas_dgemv (CblasTrans, 1.0, dout, ones, 0.0, db);
  gsl_vector_free (ones);
}

static void
relu_backward (const gsl_matrix *dout, const gsl_matrix *x, gsl_matrix *dx)
{
  for (size_t i = 0; i < x->size1; i++)
    for (size_t j = 0; j < x->size2; j++)
      gsl_matrix_set (dx, i, j,
                      gsl_matrix_get (x, i, j) > 0 ? gsl_matrix_get (dout, i, j) : 0);
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  if (X->size1 != cache->N || X->size2 != net->D || g->N != X->size1)
    return 1;

  /* dz2 */
  softmax_loss_backward (cache->prob, y, g->dz2);

  /* dW2 = 2 reg W2 + p1^T dz2 */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_matrix_scale (g->dW2, 2.0 * reg);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 1.0, g->dW2);

  /* db2 */
  bias_backward (g->dz2, g->db2);

  /* dp1 = dz2 W2^T */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* dz1 */
  relu_backward (g->dp1, cache->z1, g->dz1);

  /* dW1 = 2 reg W1 + X^T dz1 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_matrix_scale (g->dW1, 2.0 * reg);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);

  /* db1 */
  bias_backward (g->dz1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
