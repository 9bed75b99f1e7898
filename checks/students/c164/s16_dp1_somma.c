/* ESERCITAZIONE 4 -- BACKPROPAGATION
   Mancini Roberto
   Tutto a cicli, niente BLAS. */

#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t num_campioni = X->size1;
  size_t num_ingressi = net->D, num_nascosti = net->H, num_classi = net->C;
  size_t n, d, h, c;
  double somma;

  if (num_campioni != cache->N || X->size2 != num_ingressi || g->N != num_campioni)
    return 1;

  /* gradiente della loss rispetto a z2 */
  for (n = 0; n < num_campioni; n++)
    for (c = 0; c < num_classi; c++)
      {
        double p = gsl_matrix_get (cache->prob, n, c);
        if (c == y[n])
          p -= 1.0;
        gsl_matrix_set (g->dz2, n, c, p / num_campioni);
      }

  /* grad_pesi_uscita e bias_uscita */
  for (h = 0; h < num_nascosti; h++)
    for (c = 0; c < num_classi; c++)
      {
        somma = 0.0;
        for (n = 0; n < num_campioni; n++)
          somma += gsl_matrix_get (cache->p1, n, h) * gsl_matrix_get (g->dz2, n, c);
        gsl_matrix_set (g->dW2, h, c, somma + 2 * reg * gsl_matrix_get (net->W2, h, c));
      }
  for (c = 0; c < num_classi; c++)
    {
      somma = 0.0;
      for (n = 0; n < num_campioni; n++)
        somma += gsl_matrix_get (g->dz2, n, c);
      gsl_vector_set (g->db2, c, somma);
    }

  /* gradiente rispetto all'uscita dello strato nascosto */
  somma = 0.0;
  for (n = 0; n < num_campioni; n++)
    for (h = 0; h < num_nascosti; h++)
      {
        for (c = 0; c < num_classi; c++)
          somma += gsl_matrix_get (g->dz2, n, c) * gsl_matrix_get (net->W2, h, c);
        gsl_matrix_set (g->dp1, n, h, somma);
      }

  /* relu all'indietro */
  for (n = 0; n < num_campioni; n++)
    for (h = 0; h < num_nascosti; h++)
      gsl_matrix_set (g->dz1, n, h, gsl_matrix_get (cache->z1, n, h) > 0
                      ? gsl_matrix_get (g->dp1, n, h) : 0.0);

  /* grad_pesi_nascosti e bias_nascosto */
  for (d = 0; d < num_ingressi; d++)
    for (h = 0; h < num_nascosti; h++)
      {
        somma = 0.0;
        for (n = 0; n < num_campioni; n++)
          somma += gsl_matrix_get (X, n, d) * gsl_matrix_get (g->dz1, n, h);
        gsl_matrix_set (g->dW1, d, h, somma + 2 * reg * gsl_matrix_get (net->W1, d, h));
      }
  for (h = 0; h < num_nascosti; h++)
    {
      somma = 0.0;
      for (n = 0; n < num_campioni; n++)
        somma += gsl_matrix_get (g->dz1, n, h);
      gsl_vector_set (g->db1, h, somma);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
