/* backward pass -- twee-laags net, softmax + cross-entropy, L2 op W1 en W2
 *
 * dZ2 = (P - Y)/N
 * dW2 = A1^T dZ2 + 2 reg W2 ;  db2 = 1^T dZ2
 * dA1 = dZ2 W2^T            ;  dZ1 = dA1 .* [Z1 > 0]
 * dW1 = X^T dZ1 + 2 reg W1  ;  db1 = 1^T dZ1
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
  size_t N = X->size1, H = net->H, C = net->C, i, j;
  gsl_matrix *G = g->dz2, *Gh = g->dp1, *Gz = g->dz1;
  gsl_matrix *T1, *T2;

  /* dZ2 */
  gsl_matrix_memcpy (G, cache->prob);
  for (i = 0; i < N; i++)
    gsl_matrix_set (G, i, y[i], gsl_matrix_get (G, i, y[i]) - 1.0);
  gsl_matrix_scale (G, 1.0 / N);

  /* dW2 = A1^T dZ2 + 2 reg W2  (tijdelijke matrix T2) */
  T2 = gsl_matrix_alloc (H, C);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, G, 0.0, T2);
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_matrix_scale (g->dW2, 2.0 * reg);
  gsl_matrix_add (g->dW2, T2);
  gsl_matrix_free (T2);

  /* db2 */
  for (j = 0; j < C; j++)
    {
      gsl_vector_const_view c = gsl_matrix_const_column (G, j);
      gsl_vector_set (g->db2, j, gsl_vector_sum (&c.vector));
    }

  /* dA1 en dZ1 */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, G, net->W2, 0.0, Gh);
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      gsl_matrix_set (Gz, i, j, gsl_matrix_get (cache->z1, i, j) > 0.0
                      ? gsl_matrix_get (Gh, i, j) : 0.0);

  /* dW1 = X^T dZ1 + 2 reg W1  (zelfde aanpak als dW2) */
  T1 = gsl_matrix_alloc (net->D, H);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, Gh, 0.0, T1);
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_matrix_scale (g->dW1, 2.0 * reg);
  gsl_matrix_add (g->dW1, T1);
  gsl_matrix_free (T1);

  /* db1 */
  for (j = 0; j < H; j++)
    {
      gsl_vector_const_view c = gsl_matrix_const_column (Gz, j);
      gsl_vector_set (g->db1, j, gsl_vector_sum (&c.vector));
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
