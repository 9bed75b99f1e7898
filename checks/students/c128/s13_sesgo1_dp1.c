/* backward.c -- Tarea 3 (Redes Neuronales)
 * Matias Navarro
 *
 * Recorro los datos con punteros a las filas (fila = data + i*tda)
 * porque gsl_matrix_get es lento.
 */

#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t i, j, k;
  double *sesgo1 = g->db1->data, *sesgo2 = g->db2->data;

  if (N != cache->N || X->size2 != D)
    return 1;

  /* los sesgos se acumulan, hay que partir de cero */
  for (j = 0; j < H; j++)
    sesgo1[j * g->db1->stride] = 0.0;
  for (k = 0; k < C; k++)
    sesgo2[k * g->db2->stride] = 0.0;

  /* dz2 y db2 */
  for (i = 0; i < N; i++)
    {
      const double *pr = cache->prob->data + i * cache->prob->tda;
      double *dz = g->dz2->data + i * g->dz2->tda;
      for (k = 0; k < C; k++)
        {
          dz[k] = (pr[k] - (k == y[i] ? 1.0 : 0.0)) / (double) N;
          sesgo2[k * g->db2->stride] += dz[k];
        }
    }

  /* dW2 = p1' dz2 + 2 reg W2 */
  for (j = 0; j < H; j++)
    for (k = 0; k < C; k++)
      {
        double s = 2.0 * reg * net->W2->data[j * net->W2->tda + k];
        for (i = 0; i < N; i++)
          s += cache->p1->data[i * cache->p1->tda + j] * g->dz2->data[i * g->dz2->tda + k];
        g->dW2->data[j * g->dW2->tda + k] = s;
      }

  /* dp1, dz1 y db1 */
  for (i = 0; i < N; i++)
    {
      const double *dz = g->dz2->data + i * g->dz2->tda;
      const double *z1 = cache->z1->data + i * cache->z1->tda;
      double *dp = g->dp1->data + i * g->dp1->tda;
      double *dh = g->dz1->data + i * g->dz1->tda;
      for (j = 0; j < H; j++)
        {
          double s = 0.0;
          for (k = 0; k < C; k++)
            s += dz[k] * net->W2->data[j * net->W2->tda + k];
          dp[j] = s;
          dh[j] = z1[j] > 0.0 ? s : 0.0;
          sesgo1[j * g->db1->stride] += dp[j];
        }
    }

  /* dW1 = X' dz1 + 2 reg W1 */
  for (k = 0; k < D; k++)
    for (j = 0; j < H; j++)
      {
        double s = 2.0 * reg * net->W1->data[k * net->W1->tda + j];
        for (i = 0; i < N; i++)
          s += X->data[i * X->tda + k] * g->dz1->data[i * g->dz1->tda + j];
        g->dW1->data[k * g->dW1->tda + j] = s;
      }

  g->present = BP_GRADS_ALL;
  return 0;
}
