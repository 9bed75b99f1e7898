/*
 * backward.c  --  Assignment 2 (two-layer net), backward pass with BLAS.
 *
 * I use gsl_blas_dgemm for the three matrix products, like the
 * lecture 6 slides:  dW2 = hidden' dscores,  dhidden = dscores W2',
 * dW1 = X' dhidden.  The reg term goes in through beta (C := a A B + b C
 * with C holding W beforehand).
 */
#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  size_t i, j;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* ---- output layer ---- */
  gsl_matrix_memcpy (g->dz2, cache->prob);           /* dscores = probs */
  for (i = 0; i < N; i++)
    {
      double v = gsl_matrix_get (g->dz2, i, y[i]);
      gsl_matrix_set (g->dz2, i, y[i], v - 1.0);
    }
  gsl_matrix_scale (g->dz2, 1.0 / (double) N);

  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                  2.0 * reg, g->dW2);

  /* db2: multiply by a vector of ones */
  {
    gsl_vector *ones = gsl_vector_alloc (N);
    gsl_vector_set_all (ones, 1.0);
    gsl_blas_dgemv (CblasTrans, 1.0, g->dz2, ones, 0.0, g->db2);

    /* ---- hidden layer ---- */
    gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0,
                    g->dp1);

    gsl_matrix_memcpy (g->dz1, g->dp1);
    for (i = 0; i < N; i++)
      for (j = 0; j < net->H; j++)
        if (gsl_matrix_get (cache->p1, i, j) <= 0.0)   /* relu was off */
          gsl_matrix_set (g->dz1, i, j, 0.0);

    gsl_matrix_memcpy (g->dW1, net->W1);
    gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg,
                    g->dW1);

    gsl_blas_dgemv (CblasTrans, 1.0, g->dz1, ones, 0.0, g->db1);
    gsl_vector_free (ones);
  }

  g->present = BP_GRADS_ALL;
  return 0;
}
