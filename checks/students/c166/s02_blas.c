/* Backward pass with BLAS.
 *
 * All the matrix products go through gsl_blas_dgemm, the bias gradients
 * are ones' * dZ done with dgemv.  Local gradients are kept in struct
 * grads_local and handed over to g at the end. */

#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

struct grads_local
{
  gsl_matrix *dscores, *dhidden, *dW1, *dW2;
  gsl_vector *db1, *db2;
};

static void
gl_alloc (struct grads_local *gl, size_t N, size_t D, size_t H, size_t C)
{
  gl->dscores = gsl_matrix_alloc (N, C);
  gl->dhidden = gsl_matrix_alloc (N, H);
  gl->dW1 = gsl_matrix_alloc (D, H);
  gl->dW2 = gsl_matrix_alloc (H, C);
  gl->db1 = gsl_vector_alloc (H);
  gl->db2 = gsl_vector_alloc (C);
}

static void
gl_free (struct grads_local *gl)
{
  gsl_matrix_free (gl->dscores);
  gsl_matrix_free (gl->dhidden);
  gsl_matrix_free (gl->dW1);
  gsl_matrix_free (gl->dW2);
  gsl_vector_free (gl->db1);
  gsl_vector_free (gl->db2);
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, i, j;
  struct grads_local gl;
  gsl_vector *ones = gsl_vector_alloc (N);

  gsl_vector_set_all (ones, 1.0);
  gl_alloc (&gl, N, net->D, net->H, net->C);

  /* scores gradient */
  gsl_matrix_memcpy (gl.dscores, cache->prob);
  for (i = 0; i < N; i++)
    gsl_matrix_set (gl.dscores, i, y[i], gsl_matrix_get (gl.dscores, i, y[i]) - 1.0);
  gsl_matrix_scale (gl.dscores, 1.0 / (double) N);

  /* second layer: start from the regularisation, add p1' dscores */
  gsl_matrix_memcpy (gl.dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, gl.dscores,
                  2.0 * reg, gl.dW2);
  gsl_blas_dgemv (CblasTrans, 1.0, gl.dscores, ones, 0.0, gl.db2);

  /* back into the hidden layer */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, gl.dscores, net->W2, 0.0,
                  gl.dhidden);

  /* relu -- there is no dz1 member, so it is built in g directly */
  gsl_matrix_memcpy (g->dz1, gl.dhidden);
  for (i = 0; i < N; i++)
    for (j = 0; j < net->H; j++)
      if (gsl_matrix_get (cache->z1, i, j) <= 0.0)
        gsl_matrix_set (g->dz1, i, j, 0.0);

  /* first layer */
  gsl_matrix_memcpy (gl.dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, gl.dW1);
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz1, ones, 0.0, gl.db1);

  /* hand over */
  gsl_matrix_memcpy (g->dz2, gl.dscores);
  gsl_matrix_memcpy (g->dW2, gl.dW2);
  gsl_vector_memcpy (g->db2, gl.db2);
  gsl_matrix_memcpy (g->dp1, gl.dhidden);
  gsl_matrix_memcpy (g->dW1, gl.dW1);
  gsl_vector_memcpy (g->db1, gl.db1);
  g->present = BP_GRADS_ALL;

  gl_free (&gl);
  gsl_vector_free (ones);
  return 0;
}
