/* Tomasz Zielinski - laboratorium 5, wsteczna propagacja bledu */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g)
{
  size_t liczba_probek = X->size1;
  size_t H = net->H, C = net->C;
  size_t i, j;

  if (liczba_probek != cache->N || X->size2 != net->D || g->N != liczba_probek)
    return 1;

  /* blad wyjscia: dz2[i][j] = (prob[i][j] - 1{j == y_i}) / N */
  for (i = 0; i < liczba_probek; i++)
    {
      for (j = 0; j < C; j++)
        {
          double wartosc = gsl_matrix_get (cache->prob, i, j);
          if (j == y[j])
            wartosc = wartosc - 1.0;
          gsl_matrix_set (g->dz2, i, j, wartosc / (double) liczba_probek);
        }
    }

  /* dW2 = p1^T * dz2, potem + 2*reg*W2 */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0, g->dW2);
  for (i = 0; i < H; i++)
    for (j = 0; j < C; j++)
      gsl_matrix_set (g->dW2, i, j, gsl_matrix_get (g->dW2, i, j)
                      + 2.0 * reg * gsl_matrix_get (net->W2, i, j));

  /* db2 */
  for (j = 0; j < C; j++)
    {
      double suma = 0.0;
      for (i = 0; i < liczba_probek; i++)
        suma += gsl_matrix_get (g->dz2, i, j);
      gsl_vector_set (g->db2, j, suma);
    }

  /* dp1 = dz2 * W2^T */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* dz1: pochodna ReLU to 1 dla z1 > 0, 0 wpp */
  for (i = 0; i < liczba_probek; i++)
    for (j = 0; j < H; j++)
      {
        if (gsl_matrix_get (cache->z1, i, j) > 0)
          gsl_matrix_set (g->dz1, i, j, gsl_matrix_get (g->dp1, i, j));
        else
          gsl_matrix_set (g->dz1, i, j, 0.0);
      }

  /* dW1 = X^T * dz1 + 2*reg*W1 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

  /* db1 */
  for (j = 0; j < H; j++)
    {
      double suma = 0.0;
      for (i = 0; i < liczba_probek; i++)
        suma += gsl_matrix_get (g->dz1, i, j);
      gsl_vector_set (g->db1, j, suma);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
