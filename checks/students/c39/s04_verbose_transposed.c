/*****************************************************************
 *  backward.c
 *
 *  Two layer neural network -- backward pass
 *  Online course "Neural networks from scratch in C", module 5
 *
 *  Author : Marta L.
 *  Date   : (3rd try, the first two crashed in dgemm, see notes)
 *
 *  NOTES TO SELF
 *  - gsl dgemm wants the output shape to match EXACTLY, otherwise
 *    "gsl: ... invalid length" and abort
 *  - I compute the hidden layer things "the transposed way"
 *    (H rows, N columns) because that is how the lecture drew it
 *    (column vectors), then transpose_memcpy into g.
 *  - loss has reg*(|W1|^2+|W2|^2), NO 1/2 !!!  so gradient 2*reg*W
 *****************************************************************/

#include <stdio.h>
#include <gsl/gsl_blas.h>
#include "backprop.h"

/* #define DEBUG_PRINTS 1 */

#ifdef DEBUG_PRINTS
static void
print_matrix (const char *name, const gsl_matrix *m)
{
  size_t i, j;
  printf ("%s (%zu x %zu)\n", name, m->size1, m->size2);
  for (i = 0; i < m->size1; i++)
    {
      for (j = 0; j < m->size2; j++)
        printf (" %9.5f", gsl_matrix_get (m, i, j));
      printf ("\n");
    }
}
#endif

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  size_t D = net->D, H = net->H, C = net->C;
  size_t i, j;
  gsl_matrix *onehot, *dp1T, *dz1T, *mask, *dW1T;
  gsl_vector *onesN;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* ============ STEP 1 : dz2 ============ */
  /* dL/dz2 = -(onehot - prob) / N */
  onehot = gsl_matrix_calloc (N, C);
  for (i = 0; i < N; i++)
    gsl_matrix_set (onehot, i, y[i], 1.0);
  gsl_matrix_memcpy (g->dz2, onehot);
  gsl_matrix_sub (g->dz2, cache->prob);        /* onehot - prob */
  gsl_matrix_scale (g->dz2, -1.0 / (double) N);
  /* printf("dz2 row 0: %f %f %f\n", gsl_matrix_get(g->dz2,0,0),
            gsl_matrix_get(g->dz2,0,1), gsl_matrix_get(g->dz2,0,2)); */
#ifdef DEBUG_PRINTS
  print_matrix ("dz2", g->dz2);
#endif

  /* ============ STEP 2 : dW2 ============ */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0, g->dW2);
  /* gsl_blas_daxpy (reg + reg, net->W2, g->dW2);   <- daxpy is for vectors
     only, compiler said no. do it with a loop: */
  for (i = 0; i < H; i++)
    for (j = 0; j < C; j++)
      gsl_matrix_set (g->dW2, i, j,
                      gsl_matrix_get (g->dW2, i, j)
                      + (reg + reg) * gsl_matrix_get (net->W2, i, j));

  /* ============ STEP 3 : db2 ============ */
  onesN = gsl_vector_alloc (N);
  gsl_vector_set_all (onesN, 1.0);
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz2, onesN, 0.0, g->db2);
  /* printf("db2 = %f %f %f\n", gsl_vector_get(g->db2,0), gsl_vector_get(g->db2,1), gsl_vector_get(g->db2,2)); */

  /* ============ STEP 4 : dp1 ============ */
  /* transposed: dp1' = W2 dz2'   (H x C)(C x N) = H x N */
  dp1T = gsl_matrix_alloc (H, N);
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, net->W2, g->dz2, 0.0, dp1T);
  gsl_matrix_transpose_memcpy (g->dp1, dp1T);
#ifdef DEBUG_PRINTS
  print_matrix ("dp1", g->dp1);
#endif

  /* ============ STEP 5 : dz1 ============ */
  /* mask' (H x N) = [z1' > 0], then dz1' = dp1' .* mask' */
  mask = gsl_matrix_alloc (H, N);
  for (i = 0; i < H; i++)
    for (j = 0; j < N; j++)
      gsl_matrix_set (mask, i, j, gsl_matrix_get (cache->z1, j, i) > 0.0 ? 1.0 : 0.0);
  dz1T = gsl_matrix_alloc (H, N);
  gsl_matrix_memcpy (dz1T, dp1T);
  gsl_matrix_mul_elements (dz1T, mask);
  gsl_matrix_transpose_memcpy (g->dz1, dz1T);

  /* ============ STEP 6 : dW1 ============ */
  /* dW1' = dz1' X   (H x N)(N x D) = H x D */
  dW1T = gsl_matrix_alloc (H, D);
  gsl_blas_dgemm (CblasNoTrans, CblasNoTrans, 1.0, dz1T, X, 0.0, dW1T);
  gsl_matrix_transpose_memcpy (g->dW1, dW1T);
  for (i = 0; i < D; i++)
    for (j = 0; j < H; j++)
      gsl_matrix_set (g->dW1, i, j,
                      gsl_matrix_get (g->dW1, i, j)
                      + (reg + reg) * gsl_matrix_get (net->W1, i, j));
  /* printf("dW1[0][0]=%f\n", gsl_matrix_get(g->dW1,0,0)); */

  /* ============ STEP 7 : db1 ============ */
  /* row sums of dz1' */
  gsl_blas_dgemv (CblasNoTrans, 1.0, dz1T, onesN, 0.0, g->db1);

  /* cleanup */
  gsl_matrix_free (onehot);
  gsl_matrix_free (dp1T);
  gsl_matrix_free (dz1T);
  gsl_matrix_free (mask);
  gsl_matrix_free (dW1T);
  gsl_vector_free (onesN);

  g->present = BP_GRADS_ALL;
  return 0;
}
