/* backward.c -- Lab 4: backprop by hand
 * Author: (student)
 *
 * Steps: dProb = dL/dprob, dZ2 = dProb * Jacobian(softmax), then the
 * affine layers and the relu.
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t nSamples = X->size1, nHidden = net->H, nClasses = net->C;
  size_t i, a, b, h;
  gsl_matrix *dProb, *jac;

  if (nSamples != cache->N || g->N != nSamples)
    return 1;

  dProb = gsl_matrix_calloc (nSamples, nClasses);
  jac = gsl_matrix_alloc (nClasses, nClasses);

  /* loss = -log(prob of correct class), so dL/dprob_y = -1/prob_y */
  for (i = 0; i < nSamples; i++)
    gsl_matrix_set (dProb, i, y[i], -1.0 / gsl_matrix_get (cache->prob, i, y[i]));

  for (i = 0; i < nSamples; i++)
    {
      /* jacobian of softmax for sample i: jac(a,b) = dprob_a / dz_b */
      for (a = 0; a < nClasses; a++)
        for (b = 0; b < nClasses; b++)
          {
            double pa = gsl_matrix_get (cache->prob, i, a);
            double pb = gsl_matrix_get (cache->prob, i, b);
            if (a == b)
              gsl_matrix_set (jac, a, b, pa * (1.0 - pa));
            else
              gsl_matrix_set (jac, a, b, -pa * pb);
          }
      /* dZ2 row = dProb row * jac */
      for (b = 0; b < nClasses; b++)
        {
          double sum = 0.0;
          for (a = 0; a < nClasses; a++)
            sum += gsl_matrix_get (dProb, i, a) * gsl_matrix_get (jac, a, b);
          gsl_matrix_set (g->dz2, i, b, sum);
        }
    }

  /* dW2 = p1' dZ2 + 2 reg W2 */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                  2.0 * reg, g->dW2);

  /* db2 */
  gsl_vector_set_zero (g->db2);
  for (i = 0; i < nSamples; i++)
    for (b = 0; b < nClasses; b++)
      gsl_vector_set (g->db2, b, gsl_vector_get (g->db2, b) + gsl_matrix_get (g->dz2, i, b));

  /* dp1 = dZ2 W2' */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* relu backward */
  for (i = 0; i < nSamples; i++)
    for (h = 0; h < nHidden; h++)
      {
        double z = gsl_matrix_get (cache->z1, i, h);
        gsl_matrix_set (g->dz1, i, h, z > 0 ? gsl_matrix_get (g->dp1, i, h) : 0.0);
      }

  /* dW1 = X' dZ1 + 2 reg W1 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

  /* db1 */
  gsl_vector_set_zero (g->db1);
  for (i = 0; i < nSamples; i++)
    for (h = 0; h < nHidden; h++)
      gsl_vector_set (g->db1, h, gsl_vector_get (g->db1, h) + gsl_matrix_get (g->dz1, i, h));

  gsl_matrix_free (dProb);
  gsl_matrix_free (jac);
  g->present = BP_GRADS_ALL;
  return 0;
}
