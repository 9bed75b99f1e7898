/*
 * backward.c  --  tweelaags netwerk, gradienten met de hand
 *
 * vooruit:  Z1 = X W1 + b1   A1 = relu(Z1)   Z2 = A1 W2 + b2   P = softmax(Z2)
 * terug:    G  = (P - Y)/N
 *           dW2 = A1' G + 2 reg W2 ,  db2 = 1' G
 *           Gh = G W2' ,  dZ1 = Gh .* (Z1 > 0)
 *           dW1 = X' dZ1 + 2 reg W1 ,  db1 = 1' dZ1
 */
#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const gsl_matrix *P = cache->prob, *Z1 = cache->z1;
  gsl_matrix *G = g->dz2;
  size_t N = P->size1, C = P->size2, H = Z1->size2;
  size_t i, j;
  double invN = 1.0 / N;

  for (i = 0; i < N; i++)
    for (j = 0; j < C; j++)
      gsl_matrix_set (G, i, j, (gsl_matrix_get (P, i, j) - (j == y[i])) * invN);

  /* dW2 = A1' G + 2 reg W2 */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, Z1, G, 2.0 * reg, g->dW2);

  gsl_vector_set_zero (g->db2);
  for (i = 0; i < N; i++)
    {
      gsl_vector_const_view Gi = gsl_matrix_const_row (G, i);
      gsl_vector_add (g->db2, &Gi.vector);
    }

  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, G, net->W2, 0.0, g->dp1);

  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        double z = gsl_matrix_get (Z1, i, j);
        gsl_matrix_set (g->dz1, i, j, z > 0 ? gsl_matrix_get (g->dp1, i, j) : 0.0);
      }

  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

  gsl_vector_set_zero (g->db1);
  for (i = 0; i < N; i++)
    {
      gsl_vector_const_view r = gsl_matrix_const_row (g->dz1, i);
      gsl_vector_add (g->db1, &r.vector);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
