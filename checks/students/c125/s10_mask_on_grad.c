/* ------------------------------------------------------------------
 *  Assignment 2, backprop           Ravi Shankar (group B)
 *
 *  for each sample i:
 *     g_out  = (softmax_i - onehot_i) / N        -> row i of dz2
 *     g_hid  = W2 g_out                          -> row i of dp1
 *     g_pre  = relu'(.) * g_hid                  -> row i of dz1
 *  and the parameter gradients are sums of outer products over i.
 * ------------------------------------------------------------------ */
#include <gsl/gsl_blas.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1, H = net->H;
  const double scale = 1.0 / (double) N;
  size_t i, j;
  gsl_vector *g_out = gsl_vector_alloc (net->C);
  gsl_vector *g_hid = gsl_vector_alloc (H);
  gsl_vector *g_pre = gsl_vector_alloc (H);

  /* the L2 term goes in first */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_matrix_scale (g->dW2, 2.0 * reg);
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_matrix_scale (g->dW1, 2.0 * reg);
  gsl_vector_set_zero (g->db2);
  gsl_vector_set_zero (g->db1);

  for (i = 0; i < N; i++)
    {
      gsl_vector_const_view pr = gsl_matrix_const_row (cache->prob, i);
      gsl_vector_const_view a1 = gsl_matrix_const_row (cache->p1, i);
      gsl_vector_const_view xi = gsl_matrix_const_row (X, i);

      /* output layer */
      gsl_vector_memcpy (g_out, &pr.vector);
      gsl_vector_set (g_out, y[i], gsl_vector_get (g_out, y[i]) - 1.0);
      gsl_vector_scale (g_out, scale);
      gsl_matrix_set_row (g->dz2, i, g_out);
      gsl_blas_dger (1.0, &a1.vector, g_out, g->dW2);
      gsl_vector_add (g->db2, g_out);

      /* hidden layer */
      gsl_blas_dgemv (CblasNoTrans, 1.0, net->W2, g_out, 0.0, g_hid);
      gsl_matrix_set_row (g->dp1, i, g_hid);

      for (j = 0; j < H; j++)
        {
          double v = gsl_vector_get (g_hid, j);
          gsl_vector_set (g_pre, j, v > 0.0 ? v : 0.0);   /* relu */
        }
      gsl_matrix_set_row (g->dz1, i, g_pre);
      gsl_blas_dger (1.0, &xi.vector, g_pre, g->dW1);
      gsl_vector_add (g->db1, g_pre);
    }

  gsl_vector_free (g_out);
  gsl_vector_free (g_hid);
  gsl_vector_free (g_pre);
  g->present = BP_GRADS_ALL;
  return 0;
}
