/* Retropropagacion -- Tarea 4
 * Autor: Tomas Aguirre
 * Nombres como en la pizarra: pesos, sesgo, capa_oculta, etc. */

#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const gsl_matrix *pesos1 = net->W1, *pesos2 = net->W2;
  const gsl_matrix *capa_oculta = cache->p1, *probs = cache->prob;
  gsl_matrix *grad_puntajes = g->dz2, *grad_oculta = g->dp1;
  gsl_matrix *grad_pre = g->dz1;
  gsl_matrix *grad_pesos1 = g->dW1, *grad_pesos2 = g->dW2;
  gsl_vector *grad_sesgo1 = g->db1, *grad_sesgo2 = g->db2;
  size_t n_muestras = X->size1, D = net->D, H = net->H, C = net->C;
  size_t i, j, k;

  /* 1) puntajes */
  for (i = 0; i < n_muestras; i++)
    for (k = 0; k < C; k++)
      gsl_matrix_set (grad_puntajes, i, k,
                      (gsl_matrix_get (probs, i, k) - (k == y[i])) / (double) n_muestras);

  /* 2) pesos2 y 3) sesgo2 */
  for (k = 0; k < C; k++)
    {
      double s = 0.0;
      for (j = 0; j < H; j++)
        {
          double t = 0.0;
          for (i = 0; i < n_muestras; i++)
            t += gsl_matrix_get (capa_oculta, i, j) * gsl_matrix_get (grad_puntajes, i, k);
          gsl_matrix_set (grad_pesos2, j, k, t + 2 * reg * gsl_matrix_get (pesos2, j, k));
        }
      for (i = 0; i < n_muestras; i++)
        s += gsl_matrix_get (grad_puntajes, i, k);
      gsl_vector_set (grad_sesgo2, k, s);
    }

  /* 4) capa oculta: dz2 por pesos2 transpuesta */
  for (i = 0; i < n_muestras; i++)
    for (j = 0; j < H; j++)
      {
        double t = 0.0;
        for (k = 0; k < C; k++)
          t += gsl_matrix_get (grad_puntajes, i, k) * gsl_matrix_get (grad_pesos2, j, k);
        gsl_matrix_set (grad_oculta, i, j, t);
      }

  /* 5) ReLU */
  for (i = 0; i < n_muestras; i++)
    for (j = 0; j < H; j++)
      gsl_matrix_set (grad_pre, i, j, gsl_matrix_get (cache->z1, i, j) > 0
                      ? gsl_matrix_get (grad_oculta, i, j) : 0.0);

  /* 6) pesos1 */
  for (i = 0; i < D; i++)
    for (j = 0; j < H; j++)
      {
        double t = 2 * reg * gsl_matrix_get (pesos1, i, j);
        for (k = 0; k < n_muestras; k++)
          t += gsl_matrix_get (X, k, i) * gsl_matrix_get (grad_pre, k, j);
        gsl_matrix_set (grad_pesos1, i, j, t);
      }

  /* 7) sesgo1 */
  gsl_vector_set_zero (grad_sesgo1);
  for (i = 0; i < n_muestras; i++)
    for (j = 0; j < H; j++)
      gsl_vector_set (grad_sesgo1, j, gsl_vector_get (grad_sesgo1, j) + gsl_matrix_get (grad_pre, i, j));

  g->present = BP_GRADS_ALL;
  return 0;
}
