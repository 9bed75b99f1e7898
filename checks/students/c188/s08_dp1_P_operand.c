/* Backpropagation voor het netwerk uit hoofdstuk 6.
 *
 *   G  = dL/dZ2 = (P - Y)/N
 *   Gh = dL/dA1 = G W2^T
 *   dZ1 = Gh o 1[Z1 > 0]      (o = elementsgewijs)
 */
#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, H = net->H, i, j;
  const gsl_matrix *P = cache->prob, *A1 = cache->p1, *Z1 = cache->z1;
  const gsl_matrix *W1 = net->W1, *W2 = net->W2;
  gsl_matrix *G = g->dz2, *Gh = g->dp1;

  /* G = (P - Y)/N */
  gsl_matrix_memcpy (G, P);
  for (i = 0; i < N; i++)
    *gsl_matrix_ptr (G, i, y[i]) -= 1.0;
  gsl_matrix_scale (G, 1.0 / (double) N);

  /* dW2 = A1^T G + 2 reg W2,  db2 = kolomsom G */
  gsl_matrix_memcpy (g->dW2, W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, A1, G, 2.0 * reg, g->dW2);
  for (j = 0; j < G->size2; j++)
    {
      double s = 0.0;
      for (i = 0; i < N; i++)
        s += gsl_matrix_get (G, i, j);
      gsl_vector_set (g->db2, j, s);
    }

  /* Gh = G W2^T */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, P, W2, 0.0, Gh);

  /* dZ1 */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      gsl_matrix_set (g->dz1, i, j,
                      gsl_matrix_get (Z1, i, j) > 0.0 ? gsl_matrix_get (Gh, i, j) : 0.0);

  /* dW1 = X^T dZ1 + 2 reg W1,  db1 = kolomsom dZ1 */
  gsl_matrix_memcpy (g->dW1, W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);
  for (j = 0; j < H; j++)
    {
      double s = 0.0;
      for (i = 0; i < N; i++)
        s += gsl_matrix_get (g->dz1, i, j);
      gsl_vector_set (g->db1, j, s);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
