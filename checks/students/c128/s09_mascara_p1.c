/* ============================================================
 *  Tarea 3 - Backpropagation (red de dos capas)
 *  Alumna: Daniela Castro Munoz
 *  Cada capa tiene su funcion "atras", como en las diapositivas.
 * ============================================================ */

#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* capa afin: dW = A' dZ + 2 reg W,  db = suma de filas de dZ */
static void
afin_atras (const gsl_matrix *dZ, const gsl_matrix *A, const gsl_matrix *W,
            double reg, gsl_matrix *dW, gsl_vector *db)
{
  size_t n = dZ->size1, i, j, k;

  for (j = 0; j < W->size1; j++)
    for (k = 0; k < W->size2; k++)
      {
        double s = 0.0;
        for (i = 0; i < n; i++)
          s += gsl_matrix_get (A, i, j) * gsl_matrix_get (dZ, i, k);
        gsl_matrix_set (dW, j, k, s + 2.0 * reg * gsl_matrix_get (W, j, k));
      }
  for (k = 0; k < W->size2; k++)
    {
      double s = 0.0;
      for (i = 0; i < n; i++)
        s += gsl_matrix_get (dZ, i, k);
      gsl_vector_set (db, k, s);
    }
}

/* ReLU hacia atras: pasa el gradiente donde la neurona estaba activa */
static void
relu_atras (const gsl_matrix *dP, const gsl_matrix *capa_oculta, gsl_matrix *dZ)
{
  size_t i, j;
  for (i = 0; i < dP->size1; i++)
    for (j = 0; j < dP->size2; j++)
      {
        if (gsl_matrix_get (capa_oculta, i, j) >= 0)
          gsl_matrix_set (dZ, i, j, gsl_matrix_get (dP, i, j));
        else
          gsl_matrix_set (dZ, i, j, 0.0);
      }
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, i, j, k;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* softmax + perdida */
  for (i = 0; i < N; i++)
    for (k = 0; k < net->C; k++)
      {
        double v = gsl_matrix_get (cache->prob, i, k);
        if (y[i] == k)
          v -= 1.0;
        gsl_matrix_set (g->dz2, i, k, v / N);
      }

  afin_atras (g->dz2, cache->p1, net->W2, reg, g->dW2, g->db2);

  /* dp1 = dz2 W2' */
  for (i = 0; i < N; i++)
    for (j = 0; j < net->H; j++)
      {
        double s = 0.0;
        for (k = 0; k < net->C; k++)
          s += gsl_matrix_get (g->dz2, i, k) * gsl_matrix_get (net->W2, j, k);
        gsl_matrix_set (g->dp1, i, j, s);
      }

  relu_atras (g->dp1, cache->p1, g->dz1);
  afin_atras (g->dz1, X, net->W1, reg, g->dW1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
