/* Backprop for the 2-layer net.  Row views everywhere, one sample at a
 * time, because that is how the lecture drew it on the board.
 * (gsl_matrix_row gives a gsl_vector_view of a row -- found that on the
 * GSL mailing list.) */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g) {
  const size_t batch = X->size1;
  const size_t nHidden = net->H;
  const double invBatch = 1.0 / (double) batch;

  if (batch != cache->N) return 1;

  // ---- output layer ----
  for (size_t i = 0; i < batch; i++) {
    gsl_vector_const_view probRow = gsl_matrix_const_row(cache->prob, i);
    gsl_vector_view dScoreRow = gsl_matrix_row(g->dz2, i);
    gsl_vector_memcpy(&dScoreRow.vector, &probRow.vector);
    *gsl_vector_ptr(&dScoreRow.vector, y[i]) -= 1.0;
    gsl_matrix_scale(g->dz2, invBatch);
  }

  gsl_matrix_memcpy(g->dW2, net->W2);
  gsl_matrix_scale(g->dW2, 2.0 * reg);
  gsl_vector_set_zero(g->db2);
  for (size_t i = 0; i < batch; i++) {
    gsl_vector_const_view hiddenRow = gsl_matrix_const_row(cache->p1, i);
    gsl_vector_view dScoreRow = gsl_matrix_row(g->dz2, i);
    gsl_blas_dger(1.0, &hiddenRow.vector, &dScoreRow.vector, g->dW2);
    gsl_vector_add(g->db2, &dScoreRow.vector);
  }

  // ---- hidden layer ----
  gsl_matrix_memcpy(g->dW1, net->W1);
  gsl_matrix_scale(g->dW1, 2.0 * reg);
  gsl_vector_set_zero(g->db1);
  for (size_t i = 0; i < batch; i++) {
    gsl_vector_view dScoreRow = gsl_matrix_row(g->dz2, i);
    gsl_vector_view dHiddenRow = gsl_matrix_row(g->dp1, i);
    gsl_vector_view dPreRow = gsl_matrix_row(g->dz1, i);
    gsl_vector_const_view inputRow = gsl_matrix_const_row(X, i);

    gsl_blas_dgemv(CblasNoTrans, 1.0, net->W2, &dScoreRow.vector, 0.0, &dHiddenRow.vector);
    for (size_t h = 0; h < nHidden; h++) {
      double gate = gsl_matrix_get(cache->z1, i, h) > 0.0 ? 1.0 : 0.0;
      gsl_vector_set(&dPreRow.vector, h, gate * gsl_vector_get(&dHiddenRow.vector, h));
    }
    gsl_blas_dger(1.0, &inputRow.vector, &dPreRow.vector, g->dW1);
    gsl_vector_add(g->db1, &dPreRow.vector);
  }

  g->present = BP_GRADS_ALL;
  return 0;
}
