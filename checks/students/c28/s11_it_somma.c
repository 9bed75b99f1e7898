/* Esercitazione 5 - Backpropagation rete a due strati
 * Studente: Francesca Russo   matricola 0000912345
 *
 * Versione con cicli for; dgemm lo uso solo per i pesi.
 */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* aggiunge 2*reg*W al gradiente dei pesi */
static void
aggiungi_reg (const gsl_matrix *W, gsl_matrix *dW, double reg)
{
  size_t r, c;
  for (r = 0; r < W->size1; r++)
    for (c = 0; c < W->size2; c++)
      gsl_matrix_set (dW, r, c, gsl_matrix_get (dW, r, c) + 2.0 * reg * gsl_matrix_get (W, r, c));
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t ns = X->size1;         /* numero di campioni */
  size_t nc = net->C;           /* numero di classi */
  size_t nh = net->H;
  size_t i, j, k;

  if (ns != cache->N || X->size2 != net->D || g->N != ns)
    return 1;

  /* gradiente dei punteggi */
  for (i = 0; i < ns; i++)
    for (k = 0; k < nc; k++)
      gsl_matrix_set (g->dz2, i, k,
                      (gsl_matrix_get (cache->prob, i, k) - (k == y[i])) / (double) ns);

  /* secondo strato */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0, g->dW2);
  aggiungi_reg (net->W2, g->dW2, reg);
  for (k = 0; k < nc; k++)
    {
      double somma = 0.0;
      for (i = 0; i < ns; i++)
        somma += gsl_matrix_get (g->dz2, i, k);
      gsl_vector_set (g->db2, k, somma);
    }

  /* all'indietro verso lo strato nascosto: dp1 = dz2 W2^T */
  for (i = 0; i < ns; i++)
    for (j = 0; j < nh; j++)
      {
        double somma = 0.0;
        for (k = 0; k < nc; k++)
          somma = gsl_matrix_get (g->dz2, i, k) * gsl_matrix_get (net->W2, j, k);
        gsl_matrix_set (g->dp1, i, j, somma);
      }

  /* ReLU */
  for (i = 0; i < ns; i++)
    for (j = 0; j < nh; j++)
      gsl_matrix_set (g->dz1, i, j, gsl_matrix_get (cache->z1, i, j) > 0.0
                      ? gsl_matrix_get (g->dp1, i, j) : 0.0);

  /* primo strato */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);
  aggiungi_reg (net->W1, g->dW1, reg);
  for (j = 0; j < nh; j++)
    {
      double somma = 0.0;
      for (i = 0; i < ns; i++)
        somma += gsl_matrix_get (g->dz1, i, j);
      gsl_vector_set (g->db1, j, somma);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
