/* Devoir 2 : retropropagation
 * Émilie Lavoie -- IFT3395 A24
 *
 * Formules (voir notes de cours, chap. 6) :
 *   dz2 = (P - Y)/N
 *   dW2 = p1^T dz2 + 2 reg W2,  db2 = somme(dz2)
 *   dp1 = dz2 W2^T,  dz1 = dp1 * 1[z1 > 0]
 *   dW1 = X^T dz1 + 2 reg W1,   db1 = somme(dz1)
 */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, H = net->H, C = net->C;
  size_t i, j;
  double somme;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* dz2 */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (i = 0; i < N; i++)
    gsl_matrix_set (g->dz2, i, y[i], gsl_matrix_get (g->dz2, i, y[i]) - 1.0);
  gsl_matrix_scale (g->dz2, 1.0 / N);

  /* dW2 = p1^T dz2 (+ regularisation) */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0, g->dW2);

  /* db2 */
  for (j = 0; j < C; j++)
    {
      somme = 0.0;
      for (i = 0; i < N; i++)
        somme += gsl_matrix_get (g->dz2, i, j);
      gsl_vector_set (g->db2, j, somme);
    }

  /* dp1 */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* dz1 : masque de la relu */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        double masque = gsl_matrix_get (cache->z1, i, j) > 0.0;
        gsl_matrix_set (g->dz1, i, j, masque * gsl_matrix_get (g->dp1, i, j));
      }

  /* dW1 = X^T dz1 + 2 reg W1 (on voit W1 comme un long vecteur) */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);
  {
    gsl_vector_const_view w1_plat = gsl_vector_const_view_array (net->W1->data, net->D * H);
    gsl_vector_view dw1_plat = gsl_vector_view_array (g->dW1->data, net->D * H);
    gsl_blas_daxpy (2.0 * reg, &w1_plat.vector, &dw1_plat.vector);
  }

  /* db1 */
  for (j = 0; j < H; j++)
    {
      somme = 0.0;
      for (i = 0; i < N; i++)
        somme += gsl_matrix_get (g->dz1, i, j);
      gsl_vector_set (g->db1, j, somme);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
