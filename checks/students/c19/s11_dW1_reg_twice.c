/******************************************************************
 * backward.c
 * Author : Nikhil Rao
 * Course : Intro to Deep Learning, Assignment 2
 *
 * Each gradient has its own helper; all helpers take the full grads
 * struct and pick their fields.  l2_grad() is the regularisation
 * derivative, d/dW (reg * ||W||^2) = 2 * reg * W.
 ******************************************************************/

#include <gsl/gsl_blas.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

static void l2_grad (gsl_matrix *dW, const gsl_matrix *W, double reg)
{
  for (size_t r = 0; r < W->size1; r++)
    for (size_t c = 0; c < W->size2; c++)
      gsl_matrix_set (dW, r, c,
                      gsl_matrix_get (dW, r, c) + 2.0 * reg * gsl_matrix_get (W, r, c));
}

static void grad_dz2 (bp_grads *g, const bp_cache *cache, const size_t *y)
{
  size_t N = g->N;
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (size_t i = 0; i < N; i++)
    gsl_matrix_set (g->dz2, i, y[i], gsl_matrix_get (g->dz2, i, y[i]) - 1.0);
  gsl_matrix_scale (g->dz2, 1.0 / (double) N);
}

static void grad_dW2 (bp_grads *g, const bp_cache *cache, const bp_net *net, double reg)
{
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0, g->dW2);
  l2_grad (g->dW2, net->W2, reg);
}

static void grad_db2 (bp_grads *g)
{
  for (size_t c = 0; c < g->C; c++)
    {
      double s = 0;
      for (size_t i = 0; i < g->N; i++)
        s += gsl_matrix_get (g->dz2, i, c);
      gsl_vector_set (g->db2, c, s);
    }
}

static void grad_dp1 (bp_grads *g, const bp_net *net)
{
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);
}

static void grad_dz1 (bp_grads *g, const bp_cache *cache)
{
  for (size_t i = 0; i < g->N; i++)
    for (size_t h = 0; h < g->H; h++)
      {
        double mask = gsl_matrix_get (cache->z1, i, h) > 0.0 ? 1.0 : 0.0;
        gsl_matrix_set (g->dz1, i, h, mask * gsl_matrix_get (g->dp1, i, h));
      }
}

static void grad_dW1 (bp_grads *g, const gsl_matrix *X, const bp_net *net, double reg)
{
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);
  l2_grad (g->dW1, net->W1, reg);
}

static void grad_db1 (bp_grads *g)
{
  for (size_t h = 0; h < g->H; h++)
    {
      double s = 0;
      for (size_t i = 0; i < g->N; i++)
        s += gsl_matrix_get (g->dz1, i, h);
      gsl_vector_set (g->db1, h, s);
    }
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  grad_dz2 (g, cache, y);
  grad_dW2 (g, cache, net, reg);
  grad_db2 (g);
  grad_dp1 (g, net);
  grad_dz1 (g, cache);
  grad_dW1 (g, X, net, reg);
  l2_grad (g->dW1, net->W1, reg);     /* first layer is regularised too */
  grad_db1 (g);

  g->present = BP_GRADS_ALL;
  return 0;
}
