// backward.c -- HW6
// Gradient as a sum over observations: dW2 = sum_i a1_i dz2_i' is a sum
// of outer products (lecture 11, slide 19), so one dger per row.
// Each observation is a row view.

#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g) {
  size_t N = X->size1, H = net->H;
  size_t i, h;

  if (N != cache->N || X->size2 != net->D || g->N != N) return 1;

  gsl_vector *relu_grad = gsl_vector_alloc(H);

  // start every parameter gradient at its penalty part
  gsl_matrix_memcpy(g->dW2, net->W2);
  gsl_matrix_scale(g->dW2, 2.0 * reg);
  gsl_matrix_memcpy(g->dW1, net->W1);
  gsl_matrix_scale(g->dW1, 2.0 * reg);
  gsl_vector_set_zero(g->db2);
  gsl_vector_set_zero(g->db1);

  for (i = 0; i < N; i++) {
    gsl_vector_const_view x_i = gsl_matrix_const_row(X, i);
    gsl_vector_const_view p_i = gsl_matrix_const_row(cache->prob, i);
    gsl_vector_const_view a_i = gsl_matrix_const_row(cache->p1, i);
    gsl_vector_const_view z_i = gsl_matrix_const_row(cache->z1, i);
    gsl_vector_view dz2_i = gsl_matrix_row(g->dz2, i);
    gsl_vector_view dp1_i = gsl_matrix_row(g->dp1, i);
    gsl_vector_view dz1_i = gsl_matrix_row(g->dz1, i);

    // dz2_i = (p_i - e_{y_i}) / N
    gsl_vector_memcpy(&dz2_i.vector, &p_i.vector);
    *gsl_vector_ptr(&dz2_i.vector, y[i]) -= 1.0;
    gsl_vector_scale(&dz2_i.vector, 1.0 / (double) N);

    // dW2 += a_i dz2_i',  db2 += dz2_i
    gsl_blas_dger(1.0, &a_i.vector, &dz2_i.vector, g->dW2);
    gsl_vector_add(g->db2, &dz2_i.vector);

    // dp1_i = W2 dz2_i
    gsl_blas_dgemv(CblasNoTrans, 1.0, net->W2, &dz2_i.vector, 0.0, &dp1_i.vector);

    // dz1_i = dp1_i .* 1(z_i > 0)
    for (h = 0; h < H; h++)
      gsl_vector_set(relu_grad, h, gsl_vector_get(&z_i.vector, h) > 0.0 ? 1.0 : 0.0);
    gsl_vector_memcpy(&dz1_i.vector, &dp1_i.vector);
    gsl_vector_mul(&dz1_i.vector, relu_grad);

    // dW1 += x_i dz1_i',  db1 += dz1_i
    gsl_blas_dger(1.0, &x_i.vector, &dz1_i.vector, g->dW1);
    gsl_vector_add(g->db1, &dz1_i.vector);
  }

  gsl_vector_free(relu_grad);
  g->present = BP_GRADS_ALL;
  return 0;
}
