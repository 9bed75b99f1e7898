/* Natalia Kozlowska - MSI, projekt 2 (propagacja wsteczna)
 *
 * Funkcja straty: srednia entropia krzyzowa + reg * (|W1|^2 + |W2|^2).
 * Regularyzacje dodaje osobna funkcja, zeby nie pisac tego dwa razy. */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* pochodna reg * sum(W^2) po W */
static void
dodaj_regularyzacje (gsl_matrix *gradient_wag, const gsl_matrix *W, double reg)
{
  size_t i, j;
  for (i = 0; i < W->size1; i++)
    for (j = 0; j < W->size2; j++)
      {
        double w = gsl_matrix_get (W, i, j);
        gsl_matrix_set (gradient_wag, i, j, gsl_matrix_get (gradient_wag, i, j) + reg * w);
      }
}

static void
suma_kolumn (const gsl_matrix *A, gsl_vector *wynik)
{
  size_t i, j;
  for (j = 0; j < A->size2; j++)
    {
      double suma = 0.0;
      for (i = 0; i < A->size1; i++)
        suma += gsl_matrix_get (A, i, j);
      gsl_vector_set (wynik, j, suma);
    }
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t liczba_probek = X->size1;
  size_t i, j;

  if (liczba_probek != cache->N || X->size2 != net->D || g->N != liczba_probek)
    return 1;

  /* blad wyjscia */
  for (i = 0; i < liczba_probek; i++)
    {
      gsl_vector_const_view p = gsl_matrix_const_row (cache->prob, i);
      gsl_vector_view d = gsl_matrix_row (g->dz2, i);
      gsl_vector_memcpy (&d.vector, &p.vector);
      gsl_vector_set (&d.vector, y[i], gsl_vector_get (&d.vector, y[i]) - 1.0);
      gsl_vector_scale (&d.vector, 1.0 / liczba_probek);
    }

  /* warstwa 2 */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0, g->dW2);
  dodaj_regularyzacje (g->dW2, net->W2, reg);
  suma_kolumn (g->dz2, g->db2);

  /* wstecz do warstwy ukrytej */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);
  for (i = 0; i < liczba_probek; i++)
    for (j = 0; j < net->H; j++)
      {
        double z = gsl_matrix_get (cache->z1, i, j);
        gsl_matrix_set (g->dz1, i, j, z > 0 ? gsl_matrix_get (g->dp1, i, j) : 0.0);
      }

  /* warstwa 1 */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);
  dodaj_regularyzacje (g->dW1, net->W1, reg);
  suma_kolumn (g->dz1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
