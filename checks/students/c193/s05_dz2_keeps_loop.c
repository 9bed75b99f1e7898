/* backward.c -- 2-layer net, backward pass
 * dz2 is computed two ways (gsl calls / a loop) and compared under DEBUG.
 * I keep the loop one, it's easier to read. */

#include <stdio.h>
#include <math.h>
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t n_samples = X->size1;
  size_t n_hidden = net->H, n_classes = net->C;
  size_t i, j, k;
  gsl_matrix *dz2_a, *dz2_b;

  if (n_samples != cache->N || X->size2 != net->D || g->N != n_samples)
    return 1;

  /* --- dz2, way A: prob, minus one at the label, over N --- */
  dz2_a = gsl_matrix_alloc (n_samples, n_classes);
  gsl_matrix_memcpy (dz2_a, cache->prob);
  for (i = 0; i < n_samples; i++)
    gsl_matrix_set (dz2_a, i, y[i], gsl_matrix_get (dz2_a, i, y[i]) - 1.0);
  gsl_matrix_scale (dz2_a, 1.0 / n_samples);

  /* --- dz2, way B: one entry at a time --- */
  dz2_b = gsl_matrix_alloc (n_samples, n_classes);
  for (i = 0; i < n_samples; i++)
    for (k = 0; k < n_classes; k++)
      {
        double target = (k == y[i]) ? 1.0 : 0.0;
        gsl_matrix_set (dz2_b, i, k, gsl_matrix_get (cache->prob, i, k) - target);
      }

#ifdef DEBUG
  {
    double worst = 0.0;
    for (i = 0; i < n_samples; i++)
      for (k = 0; k < n_classes; k++)
        worst = fmax (worst, fabs (gsl_matrix_get (dz2_a, i, k)
                                   - gsl_matrix_get (dz2_b, i, k)));
    fprintf (stderr, "dz2: A vs B differ by %g\n", worst);
  }
#endif

  gsl_matrix_memcpy (g->dz2, dz2_b);       /* keep B */
  gsl_matrix_free (dz2_a);
  gsl_matrix_free (dz2_b);
  if (g->dz2->size1 != n_samples || g->dz2->size2 != n_classes)
    return 1;

  /* --- dW2 = p1^T dz2 + 2*reg*W2 --- */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                  2.0 * reg, g->dW2);
  if (g->dW2->size1 != n_hidden || g->dW2->size2 != n_classes)
    return 1;

  /* --- db2 --- */
  for (k = 0; k < n_classes; k++)
    {
      double s = 0.0;
      for (i = 0; i < n_samples; i++)
        s += gsl_matrix_get (g->dz2, i, k);
      gsl_vector_set (g->db2, k, s);
    }
  if (g->db2->size != n_classes)
    return 1;

  /* --- dp1 = dz2 W2^T --- */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);
  if (g->dp1->size1 != n_samples || g->dp1->size2 != n_hidden)
    return 1;

  /* --- dz1: relu' --- */
  for (i = 0; i < n_samples; i++)
    for (j = 0; j < n_hidden; j++)
      gsl_matrix_set (g->dz1, i, j, gsl_matrix_get (cache->z1, i, j) > 0
                      ? gsl_matrix_get (g->dp1, i, j) : 0.0);
  if (g->dz1->size1 != n_samples || g->dz1->size2 != n_hidden)
    return 1;

  /* --- dW1 = X^T dz1 + 2*reg*W1 --- */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);
  if (g->dW1->size1 != net->D || g->dW1->size2 != n_hidden)
    return 1;

  /* --- db1 --- */
  for (j = 0; j < n_hidden; j++)
    {
      double s = 0.0;
      for (i = 0; i < n_samples; i++)
        s += gsl_matrix_get (g->dz1, i, j);
      gsl_vector_set (g->db1, j, s);
    }
  if (g->db1->size != n_hidden)
    return 1;

  g->present = BP_GRADS_ALL;
  return 0;
}
