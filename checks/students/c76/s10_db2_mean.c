/* backward.c  (problem 2b)
 *
 * Everything per sample, from the graph:
 *   g_prob[k] = dL/dprob[k]  = -1/(N p_y) at the label, else 0
 *   g_z2[j]   = sum_k g_prob[k] * p_k (delta_kj - p_j)
 *   g_p1[h]   = sum_j g_z2[j] * W2[h][j]
 *   g_z1[h]   = g_p1[h] * [z1[h] > 0]          (diagonal Jacobian)
 *   dW2 += p1 g_z2^T, dW1 += x g_z1^T           (outer products, dger)
 */
#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, H = net->H, C = net->C;
  size_t i, j, k, h;
  gsl_vector *g_prob = gsl_vector_alloc(C);
  gsl_vector *relu_diag = gsl_vector_alloc(H);

  gsl_matrix_memcpy(g->dW2, net->W2);
  gsl_matrix_scale(g->dW2, 2.0 * reg);
  gsl_matrix_memcpy(g->dW1, net->W1);
  gsl_matrix_scale(g->dW1, 2.0 * reg);
  gsl_vector_set_zero(g->db2);
  gsl_vector_set_zero(g->db1);

  for (i = 0; i < N; i++) {
    gsl_vector_const_view p = gsl_matrix_const_row(cache->prob, i);
    gsl_vector_const_view z1 = gsl_matrix_const_row(cache->z1, i);
    gsl_vector_const_view a1 = gsl_matrix_const_row(cache->p1, i);
    gsl_vector_const_view x = gsl_matrix_const_row(X, i);
    gsl_vector_view g_z2 = gsl_matrix_row(g->dz2, i);
    gsl_vector_view g_p1 = gsl_matrix_row(g->dp1, i);
    gsl_vector_view g_z1 = gsl_matrix_row(g->dz1, i);

    gsl_vector_set_zero(g_prob);
    gsl_vector_set(g_prob, y[i], -1.0 / ((double)N * gsl_vector_get(&p.vector, y[i])));

    for (j = 0; j < C; j++) {
      double s = 0.0;
      for (k = 0; k < C; k++)
        s += gsl_vector_get(g_prob, k) * gsl_vector_get(&p.vector, k)
             * ((k == j ? 1.0 : 0.0) - gsl_vector_get(&p.vector, j));
      gsl_vector_set(&g_z2.vector, j, s);
    }

    for (h = 0; h < H; h++) {
      gsl_vector_const_view w = gsl_matrix_const_row(net->W2, h);
      double s;
      gsl_blas_ddot(&g_z2.vector, &w.vector, &s);
      gsl_vector_set(&g_p1.vector, h, s);
    }

    for (h = 0; h < H; h++)
      gsl_vector_set(relu_diag, h, gsl_vector_get(&z1.vector, h) > 0.0 ? 1.0 : 0.0);
    gsl_vector_memcpy(&g_z1.vector, &g_p1.vector);
    gsl_vector_mul(&g_z1.vector, relu_diag);

    gsl_blas_dger(1.0, &a1.vector, &g_z2.vector, g->dW2);
    gsl_blas_dger(1.0, &x.vector, &g_z1.vector, g->dW1);
    gsl_vector_add(g->db2, &g_z2.vector);
    gsl_vector_add(g->db1, &g_z1.vector);
  }
  /* the bias gradient is the mean of g_z2 over the batch */
  gsl_vector_scale(g->db2, 1.0 / N);

  gsl_vector_free(g_prob);
  gsl_vector_free(relu_diag);
  g->present = BP_GRADS_ALL;
  return 0;
}
