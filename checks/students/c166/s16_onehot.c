/* backward.c
 * my backward pass for the 2-layer fully connected net.
 * softmax_grad() does dL/dscores, everything else is inline.
 */
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

struct grads_local
{
  gsl_matrix *dscores, *dhidden, *dW1, *dW2;
  gsl_vector *db1, *db2;
};

/* dS = (P - 1{y}) / N */
static void
softmax_grad (const gsl_matrix *P, const size_t *y, gsl_matrix *dS)
{
  size_t i, n = P->size1;
  gsl_matrix_memcpy (dS, P);
  gsl_matrix_scale (dS, 1.0 / (double) n);
  for (i = 0; i < n; i++)
    gsl_matrix_set (dS, i, y[i], gsl_matrix_get (dS, i, y[i]) - 1.0);
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t i, j, k;
  struct grads_local gl;

  gl.dscores = gsl_matrix_calloc (N, C);
  gl.dhidden = gsl_matrix_calloc (N, H);
  gl.dW1 = gsl_matrix_calloc (D, H);
  gl.dW2 = gsl_matrix_calloc (H, C);
  gl.db1 = gsl_vector_calloc (H);
  gl.db2 = gsl_vector_calloc (C);

  softmax_grad (cache->prob, y, gl.dscores);

  /* output layer: dW2 = p1' dS + 2 reg W2, db2 = sum_i dS_i */
  for (k = 0; k < N; k++)
    for (j = 0; j < C; j++)
      {
        double ds = gsl_matrix_get (gl.dscores, k, j);
        for (i = 0; i < H; i++)
          *gsl_matrix_ptr (gl.dW2, i, j) += gsl_matrix_get (cache->p1, k, i) * ds;
        *gsl_vector_ptr (gl.db2, j) += ds;
      }
  for (i = 0; i < H; i++)
    for (j = 0; j < C; j++)
      *gsl_matrix_ptr (gl.dW2, i, j) += 2.0 * reg * gsl_matrix_get (net->W2, i, j);

  /* hidden layer */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, gl.dscores, net->W2, 0.0,
                  gl.dhidden);
  gsl_matrix_memcpy (g->dp1, gl.dhidden);
  for (k = 0; k < N; k++)
    for (i = 0; i < H; i++)
      if (gsl_matrix_get (cache->p1, k, i) == 0.0)
        gsl_matrix_set (gl.dhidden, k, i, 0.0);

  /* input layer: dW1 = X' dz1 + 2 reg W1, db1 */
  for (k = 0; k < N; k++)
    for (i = 0; i < H; i++)
      {
        double dz = gsl_matrix_get (gl.dhidden, k, i);
        for (j = 0; j < D; j++)
          *gsl_matrix_ptr (gl.dW1, j, i) += gsl_matrix_get (X, k, j) * dz;
        *gsl_vector_ptr (gl.db1, i) += dz;
      }
  for (j = 0; j < D; j++)
    for (i = 0; i < H; i++)
      *gsl_matrix_ptr (gl.dW1, j, i) += 2.0 * reg * gsl_matrix_get (net->W1, j, i);

  gsl_matrix_memcpy (g->dz2, gl.dscores);
  gsl_matrix_memcpy (g->dW2, gl.dW2);
  gsl_vector_memcpy (g->db2, gl.db2);
  gsl_matrix_memcpy (g->dz1, gl.dhidden);
  gsl_matrix_memcpy (g->dW1, gl.dW1);
  gsl_vector_memcpy (g->db1, gl.db1);
  g->present = BP_GRADS_ALL;

  gsl_matrix_free (gl.dscores);
  gsl_matrix_free (gl.dhidden);
  gsl_matrix_free (gl.dW1);
  gsl_matrix_free (gl.dW2);
  gsl_vector_free (gl.db1);
  gsl_vector_free (gl.db2);
  return 0;
}
