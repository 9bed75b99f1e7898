/* Laboratorio di Machine Learning - backward della rete a due strati
 * Caruso Ilaria, De Luca Simone
 *
 * Funzioni di appoggio:
 *   somma_righe   -> gradiente dei bias (somma su tutti i campioni)
 *   gradiente_pesi -> A^T dZ + 2 reg W
 */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* bias[j] = somma su i di dZ[i][j] */
static void
somma_righe (const gsl_matrix *dZ, gsl_vector *bias)
{
  size_t i, j;
  for (i = 0; i < dZ->size1; i++)
    for (j = 0; j < dZ->size2; j++)
      gsl_vector_set (bias, j, gsl_vector_get (bias, j) + gsl_matrix_get (dZ, i, j));
}

/* dW = A^T dZ + 2 reg W */
static void
gradiente_pesi (const gsl_matrix *A, const gsl_matrix *dZ,
                const gsl_matrix *W, double reg, gsl_matrix *dW)
{
  gsl_matrix_memcpy (dW, W);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, A, dZ, 2.0 * reg, dW);
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, i, j;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* dz2 */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (i = 0; i < N; i++)
    *gsl_matrix_ptr (g->dz2, i, y[i]) -= 1.0;
  gsl_matrix_scale (g->dz2, 1.0 / (double) N);

  /* strato di uscita */
  gradiente_pesi (cache->p1, g->dz2, net->W2, reg, g->dW2);
  somma_righe (g->dz2, g->db2);

  /* strato nascosto */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);
  for (i = 0; i < N; i++)
    for (j = 0; j < net->H; j++)
      {
        double maschera = gsl_matrix_get (cache->z1, i, j) > 0 ? 1.0 : 0.0;
        gsl_matrix_set (g->dz1, i, j, maschera * gsl_matrix_get (g->dp1, i, j));
      }

  /* primo strato */
  gradiente_pesi (X, g->dz1, net->W1, reg, g->dW1);
  somma_righe (g->dz1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
