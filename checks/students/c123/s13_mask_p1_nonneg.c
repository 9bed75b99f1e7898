/* backward.c -- HW3, two layer net
 *
 * Products with dgemm, element-wise things on the raw arrays
 * (element (i,j) of a gsl_matrix m is m->data[i * m->tda + j]).
 */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t num_samples = X->size1;
  const size_t num_hidden = net->H;
  const size_t num_classes = net->C;
  size_t i, j;

  if (num_samples != cache->N || X->size2 != net->D || g->N != num_samples)
    return 1;

  /* grad_scores: prob - onehot, over N */
  for (i = 0; i < num_samples; i++)
    {
      const double *prob_row = cache->prob->data + i * cache->prob->tda;
      double *grad_row = g->dz2->data + i * g->dz2->tda;
      for (j = 0; j < num_classes; j++)
        grad_row[j] = prob_row[j] / num_samples;
      grad_row[y[i]] -= 1.0 / num_samples;
    }

  /* grad_weights_2 = p1' * grad_scores + 2 reg W2 */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                  2.0 * reg, g->dW2);

  /* grad_bias_2 */
  for (j = 0; j < num_classes; j++)
    {
      double total = 0.0;
      for (i = 0; i < num_samples; i++)
        total += g->dz2->data[i * g->dz2->tda + j];
      g->db2->data[j * g->db2->stride] = total;
    }

  /* grad_hidden_activation = grad_scores * W2' */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* grad_hidden_preactivation: the relu passes the gradient only for the
   * units that were active, i.e. whose output p1 is non-negative */
  for (i = 0; i < num_samples; i++)
    {
      const double *hidden_out = cache->p1->data + i * cache->p1->tda;
      const double *grad_act = g->dp1->data + i * g->dp1->tda;
      double *grad_pre = g->dz1->data + i * g->dz1->tda;
      for (j = 0; j < num_hidden; j++)
        grad_pre[j] = (hidden_out[j] >= 0.0) ? grad_act[j] : 0.0;
    }

  /* grad_weights_1 = X' * grad_hidden_preactivation + 2 reg W1 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

  /* grad_bias_1 */
  for (j = 0; j < num_hidden; j++)
    {
      double total = 0.0;
      for (i = 0; i < num_samples; i++)
        total += g->dz1->data[i * g->dz1->tda + j];
      g->db1->data[j * g->db1->stride] = total;
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
