/* Paso hacia atras de la red (tarea 3)
 * Paula Gonzalez Soto
 *
 * Uso vistas de filas (gsl_matrix_row) para las sumas de los sesgos
 * y dgemm para los productos de matrices.
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t n_muestras = X->size1;
  size_t i, j;

  if (n_muestras != cache->N || X->size2 != net->D || g->N != n_muestras)
    return 1;

  /* gradiente de los puntajes: (prob - y_onehot) / N */
  for (i = 0; i < n_muestras; i++)
    {
      gsl_vector_const_view p = gsl_matrix_const_row (cache->prob, i);
      gsl_vector_view d = gsl_matrix_row (g->dz2, i);
      gsl_vector_memcpy (&d.vector, &p.vector);
      gsl_vector_set (&d.vector, y[i], gsl_vector_get (&d.vector, y[i]) - 1.0);
      gsl_vector_scale (&d.vector, 1.0 / n_muestras);
    }

  /* segunda capa */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                  2.0 * reg, g->dW2);
  gsl_vector_set_zero (g->db2);
  for (i = 0; i < n_muestras; i++)
    {
      gsl_vector_view fila = gsl_matrix_row (g->dz2, i);
      gsl_vector_add (g->db2, &fila.vector);
    }

  /* retropropagar a la capa oculta */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);
  for (i = 0; i < n_muestras; i++)
    for (j = 0; j < net->H; j++)
      {
        double z = gsl_matrix_get (cache->z1, i, j);
        gsl_matrix_set (g->dz1, i, j, z > 0.0 ? gsl_matrix_get (g->dp1, i, j) : 0.0);
      }

  /* primera capa (la regularizacion ya esta incluida) */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);
  gsl_vector_set_zero (g->db1);
  for (i = 0; i < n_muestras; i++)
    {
      gsl_vector_view fila = gsl_matrix_row (g->dz1, i);
      gsl_vector_add (g->db1, &fila.vector);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
