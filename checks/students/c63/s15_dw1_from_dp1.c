/* backward.c -- the backward pass of the 2-layer net, with BLAS.
 *
 * forward_again () rebuilds z1, p1 and the probabilities (the bias terms
 * as outer products 1 b', with dger); the gradients are then taken from
 * those, column sums as dot products with a vector of ones. */

#include <math.h>
#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

static void
my_softmax (gsl_matrix *S)
{
  size_t i, j;

  for (i = 0; i < S->size1; i++)
    {
      gsl_vector_view row = gsl_matrix_row (S, i);
      double top = gsl_vector_max (&row.vector), total = 0;

      gsl_vector_add_constant (&row.vector, -top);
      for (j = 0; j < S->size2; j++)
        {
          double e = exp (gsl_vector_get (&row.vector, j));
          gsl_vector_set (&row.vector, j, e);
          total += e;
        }
      gsl_vector_scale (&row.vector, 1 / total);
    }
}

static void
forward_again (const bp_net *net, const gsl_matrix *X, const gsl_vector *ones,
               gsl_matrix *z1, gsl_matrix *p1, gsl_matrix *prob)
{
  size_t i, j;

  gsl_matrix_set_zero (z1);
  gsl_blas_dger (1.0, ones, net->b1, z1);
  gsl_blas_dgemm (CblasNoTrans, CblasNoTrans, 1.0, X, net->W1, 1.0, z1);

  for (i = 0; i < z1->size1; i++)
    for (j = 0; j < z1->size2; j++)
      gsl_matrix_set (p1, i, j, fmax (0.0, gsl_matrix_get (z1, i, j)));

  gsl_matrix_set_zero (prob);
  gsl_blas_dger (1.0, ones, net->b2, prob);
  gsl_blas_dgemm (CblasNoTrans, CblasNoTrans, 1.0, p1, net->W2, 1.0, prob);
  my_softmax (prob);
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, H = net->H, C = net->C;
  size_t i, j;
  gsl_vector *ones = gsl_vector_alloc (N);
  gsl_matrix *z1 = gsl_matrix_alloc (N, H);
  gsl_matrix *p1 = gsl_matrix_alloc (N, H);
  gsl_matrix *prob = gsl_matrix_alloc (N, C);

  (void) cache;
  if (ones == NULL || z1 == NULL || p1 == NULL || prob == NULL)
    {
      gsl_vector_free (ones);
      gsl_matrix_free (z1);
      gsl_matrix_free (p1);
      gsl_matrix_free (prob);
      return 1;
    }
  gsl_vector_set_all (ones, 1.0);
  forward_again (net, X, ones, z1, p1, prob);

  /* dz2 = (prob - onehot(y)) / N */
  gsl_matrix_memcpy (g->dz2, prob);
  for (i = 0; i < N; i++)
    gsl_matrix_set (g->dz2, i, y[i], gsl_matrix_get (g->dz2, i, y[i]) - 1);
  gsl_matrix_scale (g->dz2, 1.0 / N);

  /* dW2 = p1' dz2 + 2 reg W2 */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, p1, g->dz2, 2 * reg, g->dW2);

  /* db2: each column of dz2 summed */
  for (j = 0; j < C; j++)
    {
      gsl_vector_view col = gsl_matrix_column (g->dz2, j);
      double s;
      gsl_blas_ddot (&col.vector, ones, &s);
      gsl_vector_set (g->db2, j, s);
    }

  /* dp1 = dz2 W2' */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* dz1 = dp1 where z1 > 0 */
  gsl_matrix_memcpy (g->dz1, g->dp1);
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      if (gsl_matrix_get (z1, i, j) <= 0)
        gsl_matrix_set (g->dz1, i, j, 0.0);

  /* dW1 = X' dz1 + 2 reg W1 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dp1, 2 * reg, g->dW1);

  /* db1 */
  for (j = 0; j < H; j++)
    {
      gsl_vector_view col = gsl_matrix_column (g->dz1, j);
      double s;
      gsl_blas_ddot (&col.vector, ones, &s);
      gsl_vector_set (g->db1, j, s);
    }

  gsl_vector_free (ones);
  gsl_matrix_free (z1);
  gsl_matrix_free (p1);
  gsl_matrix_free (prob);
  g->present = BP_GRADS_ALL;
  return 0;
}
