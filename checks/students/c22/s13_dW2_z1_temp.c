/* HW3 -- backward()
 * Isabel Navarro
 *
 * Structure follows the lecture slides: forward cache -> upstream grad ->
 * local grad.  A "T" at the end of a name means the transpose of it.
 */

#include <stdlib.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_blas.h>
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

static gsl_matrix *
transposed_copy (const gsl_matrix *A)
{
  gsl_matrix *At = gsl_matrix_alloc (A->size2, A->size1);
  gsl_matrix_transpose_memcpy (At, A);
  return At;
}

/* out = A @ B via BLAS */
static void
mm (const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *out)
{
  gsl_blas_dgemm (CblasNoTrans, CblasNoTrans, 1.0, A, B, 0.0, out);
}

/* dW += 2 reg W */
static void
reg_grad (gsl_matrix *dW, const gsl_matrix *W, double reg)
{
  gsl_matrix *tmp = gsl_matrix_alloc (W->size1, W->size2);
  gsl_matrix_memcpy (tmp, W);
  gsl_matrix_scale (tmp, 2.0 * reg);
  gsl_matrix_add (dW, tmp);
  gsl_matrix_free (tmp);
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* upstream: softmax + CE */
  for (size_t i = 0; i < N; i++)
    for (size_t k = 0; k < net->C; k++)
      {
        double ind = (k == y[i]) ? 1.0 : 0.0;
        g->dz2->data[i * g->dz2->tda + k]
          = (cache->prob->data[i * cache->prob->tda + k] - ind) / (double) N;
      }

  /* layer 2: z2 = h W2 + b2, h is the hidden layer */
  gsl_matrix *hT = transposed_copy (cache->z1);     /* (H, N) */
  mm (hT, g->dz2, g->dW2);
  reg_grad (g->dW2, net->W2, reg);
  gsl_matrix_free (hT);

  for (size_t k = 0; k < net->C; k++)
    {
      gsl_vector_const_view col = gsl_matrix_const_column (g->dz2, k);
      double s = 0;
      for (size_t i = 0; i < N; i++)
        s += gsl_vector_get (&col.vector, i);
      gsl_vector_set (g->db2, k, s);
    }

  gsl_matrix *W2T = transposed_copy (net->W2);      /* (C, H) */
  mm (g->dz2, W2T, g->dp1);
  gsl_matrix_free (W2T);

  /* relu */
  for (size_t i = 0; i < N; i++)
    for (size_t j = 0; j < net->H; j++)
      {
        double z = gsl_matrix_get (cache->z1, i, j);
        gsl_matrix_set (g->dz1, i, j, z > 0 ? gsl_matrix_get (g->dp1, i, j) : 0);
      }

  /* layer 1: z1 = X W1 + b1 */
  gsl_matrix *XT = transposed_copy (X);             /* (D, N) */
  mm (XT, g->dz1, g->dW1);
  reg_grad (g->dW1, net->W1, reg);
  gsl_matrix_free (XT);

  for (size_t j = 0; j < net->H; j++)
    {
      gsl_vector_const_view col = gsl_matrix_const_column (g->dz1, j);
      double s = 0;
      for (size_t i = 0; i < N; i++)
        s += gsl_vector_get (&col.vector, i);
      gsl_vector_set (g->db1, j, s);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
