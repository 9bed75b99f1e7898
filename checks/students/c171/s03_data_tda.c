/*
 * backward.c  --  Tarea 3, Aprendizaje Automatico
 * Daniela Gpe. Ramirez Soto
 *
 * Accedo a los datos directo con ->data y ->tda porque el profe dijo
 * que gsl_matrix_get es lento.  Renglon i, columna j: data[i*tda + j].
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t i, j, k;
  double *ds, *dh, *dz;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  /* dscores: copio probs, resto 1 en la clase correcta y divido entre N */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  ds = g->dz2->data;
  for (i = 0; i < N; i++)
    ds[i * g->dz2->tda + y[i]] -= 1.0;
  gsl_matrix_scale (g->dz2, 1.0 / N);

  /* dW2 = hidden^T dscores + 2 reg W2 */
  for (j = 0; j < H; j++)
    for (k = 0; k < C; k++)
      {
        double s = 2.0 * reg * net->W2->data[j * net->W2->tda + k];
        for (i = 0; i < N; i++)
          s += cache->p1->data[i * cache->p1->tda + j] * ds[i * g->dz2->tda + k];
        g->dW2->data[j * g->dW2->tda + k] = s;
      }

  /* db2 */
  for (k = 0; k < C; k++)
    {
      double s = 0.0;
      for (i = 0; i < N; i++)
        s += ds[i * g->dz2->tda + k];
      g->db2->data[k * g->db2->stride] = s;
    }

  /* dhidden = dscores W2^T  (aqui si uso dgemm) */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* dz1: copio dhidden y pongo cero donde la ReLU estaba apagada */
  gsl_matrix_memcpy (g->dz1, g->dp1);
  dz = g->dz1->data;
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      if (cache->z1->data[i * cache->z1->tda + j] <= 0.0)
        dz[i * g->dz1->tda + j] = 0.0;

  /* dW1 = X^T dz1 + 2 reg W1 */
  for (k = 0; k < D; k++)
    for (j = 0; j < H; j++)
      {
        double s = 0.0;
        for (i = 0; i < N; i++)
          s += X->data[i * X->tda + k] * dz[i * g->dz1->tda + j];
        g->dW1->data[k * g->dW1->tda + j] = s + 2.0 * reg * net->W1->data[k * net->W1->tda + j];
      }

  /* db1 */
  dh = g->db1->data;
  for (j = 0; j < H; j++)
    {
      dh[j * g->db1->stride] = 0.0;
      for (i = 0; i < N; i++)
        dh[j * g->db1->stride] += dz[i * g->dz1->tda + j];
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
