// two_layer_backward.c
// Marcus Feld -- assignment 1, part 3 (backward pass in C)
//
// Every helper gets the same argument list (net, cache, X, y, reg, g) and
// picks out what it needs, so backward() is just a list of calls.  I walk
// the activations first (dz2 -> dp1 -> dz1) and do the four parameter
// gradients at the end, first layer first; each one only reads gradients
// that are already done.
//
// Parameter gradients start from the penalty (dW = 2 reg W) and the data
// term is added on top with beta = 1 in dgemm.

#include <stdlib.h>
#include <gsl/gsl_blas.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

static void grad_scores      (const bp_net *, const bp_cache *, const gsl_matrix *, const size_t *, double, bp_grads *);
static void grad_hidden_out  (const bp_net *, const bp_cache *, const gsl_matrix *, const size_t *, double, bp_grads *);
static void grad_hidden_in   (const bp_net *, const bp_cache *, const gsl_matrix *, const size_t *, double, bp_grads *);
static void grad_in_weights  (const bp_net *, const bp_cache *, const gsl_matrix *, const size_t *, double, bp_grads *);
static void grad_in_bias     (const bp_net *, const bp_cache *, const gsl_matrix *, const size_t *, double, bp_grads *);
static void grad_out_weights (const bp_net *, const bp_cache *, const gsl_matrix *, const size_t *, double, bp_grads *);
static void grad_out_bias    (const bp_net *, const bp_cache *, const gsl_matrix *, const size_t *, double, bp_grads *);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  grad_scores      (net, cache, X, y, reg, g);   // dz2
  grad_hidden_out  (net, cache, X, y, reg, g);   // dp1
  grad_hidden_in   (net, cache, X, y, reg, g);   // dz1
  grad_in_weights  (net, cache, X, y, reg, g);   // dW1
  grad_in_bias     (net, cache, X, y, reg, g);   // db1
  grad_out_weights (net, cache, X, y, reg, g);   // dW2
  grad_out_bias    (net, cache, X, y, reg, g);   // db2

  g->present = BP_GRADS_ALL;
  return 0;
}

// column sums as A^T * ones
static void
sum_rows_into (const gsl_matrix *A, gsl_vector *out)
{
  gsl_vector *ones = gsl_vector_alloc (A->size1);
  gsl_vector_set_all (ones, 1.0);
  gsl_blas_dgemv (CblasTrans, 1.0, A, ones, 0.0, out);
  gsl_vector_free (ones);
}

static void
grad_scores (const bp_net *net, const bp_cache *cache, const gsl_matrix *X,
             const size_t *y, double reg, bp_grads *g)
{
  (void) net; (void) reg;
  const double invN = 1.0 / (double) X->size1;

  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (size_t i = 0; i < X->size1; i++)
    {
      double v = gsl_matrix_get (g->dz2, i, y[i]);
      gsl_matrix_set (g->dz2, i, y[i], v - 1.0);
    }
  gsl_matrix_scale (g->dz2, invN);
}

static void
grad_hidden_out (const bp_net *net, const bp_cache *cache, const gsl_matrix *X,
                 const size_t *y, double reg, bp_grads *g)
{
  (void) cache; (void) X; (void) y; (void) reg;
  // (N,C) x (C,H)
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);
}

static void
grad_hidden_in (const bp_net *net, const bp_cache *cache, const gsl_matrix *X,
                const size_t *y, double reg, bp_grads *g)
{
  (void) net; (void) X; (void) y; (void) reg;
  for (size_t i = 0; i < g->dz1->size1; i++)
    for (size_t j = 0; j < g->dz1->size2; j++)
      {
        double d = gsl_matrix_get (g->dp1, i, j);
        gsl_matrix_set (g->dz1, i, j, gsl_matrix_get (cache->z1, i, j) > 0 ? d : 0.0);
      }
}

static void
grad_in_weights (const bp_net *net, const bp_cache *cache, const gsl_matrix *X,
                 const size_t *y, double reg, bp_grads *g)
{
  (void) cache; (void) y;
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_matrix_scale (g->dW1, 2.0 * reg);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 1.0, g->dW1);
}

static void
grad_in_bias (const bp_net *net, const bp_cache *cache, const gsl_matrix *X,
              const size_t *y, double reg, bp_grads *g)
{
  (void) net; (void) cache; (void) X; (void) y; (void) reg;
  sum_rows_into (g->dz1, g->db1);
}

static void
grad_out_weights (const bp_net *net, const bp_cache *cache, const gsl_matrix *X,
                  const size_t *y, double reg, bp_grads *g)
{
  (void) X; (void) y;
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_matrix_scale (g->dW2, 2.0 * reg);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 1.0, g->dW2);
}

static void
grad_out_bias (const bp_net *net, const bp_cache *cache, const gsl_matrix *X,
               const size_t *y, double reg, bp_grads *g)
{
  (void) net; (void) cache; (void) X; (void) y; (void) reg;
  sum_rows_into (g->dz2, g->db2);
}
