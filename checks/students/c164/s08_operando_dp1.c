/* backward.c -- Reti neurali, esercitazione sul backprop
 * Bruno Elena (matr. 902117)
 *
 * prodotto_trasposta(A, B, R) calcola R = A * B^T con tre cicli;
 * lo uso per dp1.
 */
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* R = A * B^T,  A (n,m)  B (k,m)  R (n,k) */
static void
prodotto_trasposta (const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *R)
{
  size_t i, j, m;
  for (i = 0; i < A->size1; i++)
    for (j = 0; j < B->size1; j++)
      {
        double s = 0.0;
        for (m = 0; m < A->size2; m++)
          s += gsl_matrix_get (A, i, m) * gsl_matrix_get (B, j, m);
        gsl_matrix_set (R, i, j, s);
      }
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t i, j, k;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  /* gradiente dei punteggi */
  for (i = 0; i < N; i++)
    for (k = 0; k < C; k++)
      gsl_matrix_set (g->dz2, i, k,
                      (gsl_matrix_get (cache->prob, i, k) - (k == y[i])) / N);

  /* pesi e bias di uscita */
  for (j = 0; j < H; j++)
    for (k = 0; k < C; k++)
      {
        double s = 2.0 * reg * gsl_matrix_get (net->W2, j, k);
        for (i = 0; i < N; i++)
          s += gsl_matrix_get (cache->p1, i, j) * gsl_matrix_get (g->dz2, i, k);
        gsl_matrix_set (g->dW2, j, k, s);
      }
  for (k = 0; k < C; k++)
    {
      double s = 0.0;
      for (i = 0; i < N; i++)
        s += gsl_matrix_get (g->dz2, i, k);
      gsl_vector_set (g->db2, k, s);
    }

  /* strato nascosto: gradiente rispetto all'uscita della relu,
   * probabilita' per W2 trasposta */
  prodotto_trasposta (cache->prob, net->W2, g->dp1);

  /* maschera della relu */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      gsl_matrix_set (g->dz1, i, j, gsl_matrix_get (cache->z1, i, j) > 0.0
                      ? gsl_matrix_get (g->dp1, i, j) : 0.0);

  /* primo strato */
  for (k = 0; k < D; k++)
    for (j = 0; j < H; j++)
      {
        double s = 2.0 * reg * gsl_matrix_get (net->W1, k, j);
        for (i = 0; i < N; i++)
          s += gsl_matrix_get (X, i, k) * gsl_matrix_get (g->dz1, i, j);
        gsl_matrix_set (g->dW1, k, j, s);
      }
  for (j = 0; j < H; j++)
    {
      double s = 0.0;
      for (i = 0; i < N; i++)
        s += gsl_matrix_get (g->dz1, i, j);
      gsl_vector_set (g->db1, j, s);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
