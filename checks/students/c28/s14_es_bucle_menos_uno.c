/* Tarea 3 (Redes Neuronales) -- retropropagacion a mano
 * Alumno: Sebastian Torres Quispe
 *
 * Todo con bucles, sin BLAS (en mi portatil no enlazaba cblas).
 * Indices: n muestra, c clase, h oculta, d entrada.
 */

#include <gsl/gsl_matrix.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t muestras = X->size1;
  size_t nclases = net->C;
  size_t ocultas = net->H;
  size_t entradas = net->D;
  size_t n, c, h, d;

  if (muestras != cache->N || X->size2 != entradas || g->N != muestras)
    return 1;

  /* ---- salida ---- */
  for (n = 0; n < muestras; n++)
    for (c = 0; c < nclases; c++)
      {
        double grad = gsl_matrix_get (cache->prob, n, c);
        if (c == y[n])
          grad -= 1;
        gsl_matrix_set (g->dz2, n, c, grad / muestras);
      }

  for (h = 0; h < ocultas; h++)
    for (c = 0; c < nclases; c++)
      {
        double suma = 0;
        for (n = 0; n < muestras; n++)
          suma += gsl_matrix_get (cache->p1, n, h) * gsl_matrix_get (g->dz2, n, c);
        gsl_matrix_set (g->dW2, h, c, suma + 2 * reg * gsl_matrix_get (net->W2, h, c));
      }

  for (c = 0; c < nclases; c++)
    {
      double suma = 0;
      for (n = 0; n < muestras; n++)
        suma += gsl_matrix_get (g->dz2, n, c);
      gsl_vector_set (g->db2, c, suma);
    }

  /* ---- capa oculta ---- */
  for (n = 0; n < muestras; n++)
    for (h = 0; h < ocultas; h++)
      {
        double suma = 0;
        for (c = 0; c < nclases; c++)
          suma += gsl_matrix_get (g->dz2, n, c) * gsl_matrix_get (net->W2, h, c);
        gsl_matrix_set (g->dp1, n, h, suma);
        /* relu */
        if (gsl_matrix_get (cache->z1, n, h) > 0)
          gsl_matrix_set (g->dz1, n, h, suma);
        else
          gsl_matrix_set (g->dz1, n, h, 0);
      }

  for (d = 0; d < entradas; d++)
    for (h = 0; h < ocultas; h++)
      {
        double suma = 0;
        for (n = 0; n < muestras - 1; n++)
          suma += gsl_matrix_get (X, n, d) * gsl_matrix_get (g->dz1, n, h);
        gsl_matrix_set (g->dW1, d, h, suma + 2 * reg * gsl_matrix_get (net->W1, d, h));
      }

  for (h = 0; h < ocultas; h++)
    {
      double suma = 0;
      for (n = 0; n < muestras; n++)
        suma += gsl_matrix_get (g->dz1, n, h);
      gsl_vector_set (g->db1, h, suma);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
