// backward.c : EE 5xx HW2 (backprop).  Translated from nn_backward.m
//
// matlab:
//   delta3 = (a3 - Y) / m;
//   D2     = a2' * delta3 + 2*lambda*Theta2;   db2 = sum(delta3)';
//   delta2 = (delta3 * Theta2') .* reluGradient(z2);
//   D1     = X' * delta2 + 2*lambda*Theta1;    db1 = sum(delta2)';
//
// helpers times(), ones(), relu_grad() are mine, top of the file.

#include <gsl/gsl_blas.h>
#include "backprop.h"

/* C = A .* B   (C may be A) */
static void times (const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *C)
{
  if (C != A)
    gsl_matrix_memcpy (C, A);
  gsl_matrix_mul_elements (C, B);
}

/* o = ones(n,1) */
static gsl_vector *ones (size_t n)
{
  gsl_vector *o = gsl_vector_alloc (n);
  gsl_vector_set_all (o, 1.0);
  return o;
}

/* G = reluGradient(Z) = double(Z > 0) */
static void relu_grad (const gsl_matrix *Z, gsl_matrix *G)
{
  for (size_t i = 1; i <= Z->size1; i++)
    for (size_t j = 1; j <= Z->size2; j++)
      gsl_matrix_set (G, i - 1, j - 1, gsl_matrix_get (Z, i - 1, j - 1) > 0.0);
}

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g)
{
  size_t m = X->size1;
  if (m != cache->N || X->size2 != net->D || g->N != m)
    return 1;

  double lambda = reg;
  gsl_vector *e = ones (m);
  gsl_matrix *Gz = gsl_matrix_alloc (m, net->H);

  // delta3 = (a3 - Y) / m
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (size_t i = 1; i <= m; i++)
    gsl_matrix_set (g->dz2, i - 1, y[i - 1],
                    gsl_matrix_get (g->dz2, i - 1, y[i - 1]) - 1.0);
  gsl_matrix_scale (g->dz2, 1.0 / m);

  // D2 = a2' * delta3 + 2*lambda*Theta2
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                  2.0 * lambda, g->dW2);

  // db2 = sum(delta3)' = delta3' * ones(m,1)
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz2, e, 0.0, g->db2);

  // delta2 = (delta3 * Theta2') .* reluGradient(z2)
  relu_grad (cache->z1, Gz);
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);
  times (g->dp1, Gz, g->dp1);
  times (g->dp1, Gz, g->dz1);

  // D1 = X' * delta2 + 2*lambda*Theta1
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * lambda, g->dW1);

  // db1 = delta2' * ones(m,1)
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz1, e, 0.0, g->db1);

  gsl_vector_free (e);
  gsl_matrix_free (Gz);
  g->present = BP_GRADS_ALL;
  return 0;
}
