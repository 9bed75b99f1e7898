/* Mateo Silva -- backward pass, assignment 2
 *
 * l2_term() does the regularisation for one weight matrix: it adds the
 * term to the loss and its gradient to dW in the same loop, so the loss
 * and the gradient can't get out of sync.
 */
#include <math.h>
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

double mateo_loss;

/* loss += reg * sum w^2 ;  dW += d/dW of that */
static void
l2_term (const gsl_matrix *W, double reg, gsl_matrix *dW, double *loss)
{
  size_t i, j;
  double d;
  for (i = 0; i < W->size1; i++)
    for (j = 0; j < W->size2; j++)
      {
        d = reg * gsl_matrix_get (W, i, j) * gsl_matrix_get (W, i, j);
        *loss += d;
        gsl_matrix_set (dW, i, j, gsl_matrix_get (dW, i, j) + 2 * d);
      }
}

static void
column_sum (const gsl_matrix *A, gsl_vector *out)
{
  size_t i, j;
  for (j = 0; j < A->size2; j++)
    {
      double t = 0;
      for (i = 0; i < A->size1; i++)
        t += gsl_matrix_get (A, i, j);
      gsl_vector_set (out, j, t);
    }
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, n, j;
  double loss = 0;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* data loss from the probabilities of the forward pass */
  for (n = 0; n < N; n++)
    loss -= log (gsl_matrix_get (cache->prob, n, y[n]));
  loss /= N;

  /* scores */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (n = 0; n < N; n++)
    gsl_matrix_set (g->dz2, n, y[n], gsl_matrix_get (g->dz2, n, y[n]) - 1);
  gsl_matrix_scale (g->dz2, 1.0 / N);

  /* second layer (beta = 0, reg is added by l2_term) */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0, g->dW2);
  l2_term (net->W2, reg, g->dW2, &loss);
  column_sum (g->dz2, g->db2);

  /* hidden */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);
  for (n = 0; n < N; n++)
    for (j = 0; j < net->H; j++)
      {
        double v = gsl_matrix_get (g->dp1, n, j);
        gsl_matrix_set (g->dz1, n, j, gsl_matrix_get (cache->z1, n, j) > 0 ? v : 0);
      }

  /* first layer */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);
  l2_term (net->W1, reg, g->dW1, &loss);
  column_sum (g->dz1, g->db1);

  mateo_loss = loss;
  g->present = BP_GRADS_ALL;
  return 0;
}
