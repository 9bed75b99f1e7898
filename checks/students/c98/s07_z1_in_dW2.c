/* backward.c -- lab 4
 *
 * z1 = X W1 + b1, p1 = relu(z1), z2 = p1 W2 + b2
 * Gradients go backwards through the same three lines.
 */

#include "backprop.h"

#define AT(m, i, j)  ((m)->data[(i) * (m)->tda + (j)])
#define ATT(m, i, j) ((m)->data[(j) * (m)->tda + (i)])   /* (m^T)[i][j] */
#define VAT(v, i)    ((v)->data[(i) * (v)->stride])

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t n_samples = X->size1;
  const size_t n_in = net->D, n_hidden = net->H, n_classes = net->C;
  size_t i, h, c, d;

  if (n_samples != cache->N || X->size2 != n_in || g->N != n_samples)
    return 1;

  /* dL/dz2 */
  for (i = 0; i < n_samples; i++)
    for (c = 0; c < n_classes; c++)
      AT (g->dz2, i, c) = (AT (cache->prob, i, c) - (c == y[i] ? 1.0 : 0.0))
                          / (double) n_samples;

  /* z2 = p1 W2 + b2  =>  dW2 = (input of the layer)^T dz2 */
  for (h = 0; h < n_hidden; h++)
    for (c = 0; c < n_classes; c++)
      {
        double sum = 0.0;
        for (i = 0; i < n_samples; i++)
          sum += ATT (cache->z1, h, i) * AT (g->dz2, i, c);
        AT (g->dW2, h, c) = sum + 2.0 * reg * AT (net->W2, h, c);
      }

  for (c = 0; c < n_classes; c++)
    {
      double sum = 0.0;
      for (i = 0; i < n_samples; i++)
        sum += AT (g->dz2, i, c);
      VAT (g->db2, c) = sum;
    }

  /* dp1 = dz2 W2^T */
  for (i = 0; i < n_samples; i++)
    for (h = 0; h < n_hidden; h++)
      {
        double sum = 0.0;
        for (c = 0; c < n_classes; c++)
          sum += AT (g->dz2, i, c) * ATT (net->W2, c, h);
        AT (g->dp1, i, h) = sum;
      }

  /* relu' is 1 where z1 > 0 */
  for (i = 0; i < n_samples; i++)
    for (h = 0; h < n_hidden; h++)
      AT (g->dz1, i, h) = AT (cache->z1, i, h) > 0 ? AT (g->dp1, i, h) : 0.0;

  /* z1 = X W1 + b1  =>  dW1 = X^T dz1 */
  for (d = 0; d < n_in; d++)
    for (h = 0; h < n_hidden; h++)
      {
        double sum = 0.0;
        for (i = 0; i < n_samples; i++)
          sum += ATT (X, d, i) * AT (g->dz1, i, h);
        AT (g->dW1, d, h) = sum + 2.0 * reg * AT (net->W1, d, h);
      }

  for (h = 0; h < n_hidden; h++)
    {
      double sum = 0.0;
      for (i = 0; i < n_samples; i++)
        sum += AT (g->dz1, i, h);
      VAT (g->db1, h) = sum;
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
