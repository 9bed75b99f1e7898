/* Backward pass -- Fontana Andrea, Moretti Paolo
 *
 * Lavoriamo sulle righe: per ogni campione prendiamo il puntatore alla
 * riga (data + i*tda) e facciamo tutto con gli indici.
 */

#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t i, j, k;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  /* parto dai termini di regolarizzazione e da zero per i bias */
  for (j = 0; j < H; j++)
    for (k = 0; k < C; k++)
      gsl_matrix_set (g->dW2, j, k, 2 * reg * gsl_matrix_get (net->W2, j, k));
  for (k = 0; k < D; k++)
    for (j = 0; j < H; j++)
      gsl_matrix_set (g->dW1, k, j, 2 * reg * gsl_matrix_get (net->W1, k, j));
  gsl_vector_set_zero (g->db2);
  gsl_vector_set_zero (g->db1);

  for (i = 0; i < N; i++)
    {
      const double *prob = cache->prob->data + i * cache->prob->tda;
      const double *z1 = cache->z1->data + i * cache->z1->tda;
      const double *p1 = cache->p1->data + i * cache->p1->tda;
      const double *x = X->data + i * X->tda;
      double *dz2 = g->dz2->data + i * g->dz2->tda;
      double *dp1 = g->dp1->data + i * g->dp1->tda;
      double *dz1 = g->dz1->data + i * g->dz1->tda;

      /* uscita */
      for (k = 0; k < C; k++)
        {
          dz2[k] = (prob[k] - (k == y[i] ? 1.0 : 0.0)) / N;
          g->db2->data[k * g->db2->stride] += dz2[k];
          for (j = 0; j < H; j++)
            g->dW2->data[j * g->dW2->tda + k] += p1[j] * dz2[k];
        }

      /* nascosto */
      for (j = 0; j < H; j++)
        {
          double s = 0.0;
          for (k = 0; k < C; k++)
            s += dz2[k] * net->W2->data[j * net->W2->tda + k];
          dp1[j] = s;
          dz1[j] = z1[j] > 0 ? s : 0;
          g->db1->data[j * g->db1->stride] += dp1[j];
          for (k = 0; k < D; k++)
            g->dW1->data[k * g->dW1->tda + j] += x[k] * dz1[j];
        }
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
