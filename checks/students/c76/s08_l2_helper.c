/* backward.c -- HW 5, backward pass through the computational graph.
 * Author's note: helpers for each node, the chain rule is applied in
 * backward() in graph order.  Per-sample Jacobians are gsl matrices. */

#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* J = d softmax / d z at probabilities p */
static void
fill_softmax_jacobian (gsl_matrix *J, const gsl_vector *p)
{
  size_t k, j;
  for (k = 0; k < J->size1; k++)
    for (j = 0; j < J->size2; j++)
      gsl_matrix_set (J, k, j, gsl_vector_get (p, k)
                      * ((k == j) - gsl_vector_get (p, j)));
}

/* dW += d/dW (reg * sum W^2) */
static void
add_weight_decay (gsl_matrix *dW, const gsl_matrix *W, double reg)
{
  size_t r, c;
  for (r = 0; r < W->size1; r++)
    for (c = 0; c < W->size2; c++)
      gsl_matrix_set (dW, r, c, gsl_matrix_get (dW, r, c) + reg * gsl_matrix_get (W, r, c));
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, H = net->H, C = net->C, i, h;
  gsl_matrix *J = gsl_matrix_alloc (C, C);
  gsl_vector *e = gsl_vector_alloc (C);

  /* output: dL/dz2_i = J_i^T dL/dprob_i */
  for (i = 0; i < N; i++)
    {
      gsl_vector_const_view p = gsl_matrix_const_row (cache->prob, i);
      gsl_vector_view out = gsl_matrix_row (g->dz2, i);
      fill_softmax_jacobian (J, &p.vector);
      gsl_vector_set_zero (e);
      gsl_vector_set (e, y[i], -1.0 / (N * gsl_vector_get (&p.vector, y[i])));
      gsl_blas_dgemv (CblasTrans, 1.0, J, e, 0.0, &out.vector);
    }

  /* second layer: sum over i of p1_i dz2_i^T, and the bias */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0, g->dW2);
  add_weight_decay (g->dW2, net->W2, reg);
  gsl_vector_set_zero (g->db2);
  for (i = 0; i < N; i++)
    {
      gsl_vector_const_view r = gsl_matrix_const_row (g->dz2, i);
      gsl_vector_add (g->db2, &r.vector);
    }

  /* hidden: dp1 = dz2 (dz2/dp1), the Jacobian is W2^T */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* relu: diagonal Jacobian, entries [z1 > 0] */
  for (i = 0; i < N; i++)
    for (h = 0; h < H; h++)
      {
        double dg = gsl_matrix_get (cache->z1, i, h) > 0.0 ? 1.0 : 0.0;
        gsl_matrix_set (g->dz1, i, h, dg * gsl_matrix_get (g->dp1, i, h));
      }

  /* first layer */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);
  add_weight_decay (g->dW1, net->W1, reg);
  gsl_vector_set_zero (g->db1);
  for (i = 0; i < N; i++)
    {
      gsl_vector_const_view r = gsl_matrix_const_row (g->dz1, i);
      gsl_vector_add (g->db1, &r.vector);
    }

  gsl_matrix_free (J);
  gsl_vector_free (e);
  g->present = BP_GRADS_ALL;
  return 0;
}
