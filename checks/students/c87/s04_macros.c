/* backward.c  --  CS lab, week 6
 *
 * Helpers return 0 or an error like the GSL functions do.  The ReLU mask is
 * built as a 0/1 matrix and multiplied in, like in the numpy version. */

#include <gsl/gsl_blas.h>
#include <gsl/gsl_errno.h>
#include "backprop.h"

#define M_GET(m, i, j) gsl_matrix_get((m), (i), (j))
#define M_SET(m, i, j, v) gsl_matrix_set((m), (i), (j), (v))
#define TRY(call) do { int rc_ = (call); if (rc_) return rc_; } while (0)

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

static int bw_dz2(gsl_matrix *dz2, const gsl_matrix *prob, const size_t *y) {
  size_t i, N = prob->size1;
  TRY(gsl_matrix_memcpy(dz2, prob));
  for (i = 0; i < N; i++)
    M_SET(dz2, i, y[i], M_GET(dz2, i, y[i]) - 1.0);
  return gsl_matrix_scale(dz2, 1.0 / (double) N);
}

/* dW = input^T * upstream, plus the L2 part 2*reg*W (reg without the 1/2!) */
static int bw_dW(gsl_matrix *dW, const gsl_matrix *in, const gsl_matrix *up,
                 const gsl_matrix *W, double reg) {
  gsl_matrix *tmp = gsl_matrix_alloc(W->size1, W->size2);
  if (!tmp) return GSL_ENOMEM;
  gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, in, up, 0.0, tmp);
  gsl_matrix_memcpy(dW, W);
  gsl_matrix_scale(dW, 2.0 * reg);
  gsl_matrix_add(dW, tmp);
  gsl_matrix_free(tmp);
  return 0;
}

static int bw_db(gsl_vector *db, const gsl_matrix *up) {
  size_t i, j;
  gsl_vector_set_zero(db);
  for (i = 0; i < up->size1; i++)
    for (j = 0; j < up->size2; j++)
      gsl_vector_set(db, j, gsl_vector_get(db, j) + M_GET(up, i, j));
  return 0;
}

static int bw_dp1(gsl_matrix *dp1, const gsl_matrix *dz2, const gsl_matrix *W2) {
  return gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, dz2, W2, 0.0, dp1);
}

/* dz1 = dp1 * (z1 > 0), done in place on dz1 */
static int bw_dz1(gsl_matrix *dz1, const gsl_matrix *dp1, const gsl_matrix *z1) {
  size_t i, j;
  gsl_matrix *mask = gsl_matrix_calloc(z1->size1, z1->size2);
  if (!mask) return GSL_ENOMEM;
  for (i = 0; i < z1->size1; i++)
    for (j = 0; j < z1->size2; j++)
      if (M_GET(z1, i, j) > 0) M_SET(mask, i, j, 1.0);
  gsl_matrix_memcpy(dz1, dp1);
  gsl_matrix_mul_elements(dz1, mask);
  gsl_matrix_free(mask);
  return 0;
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g) {
  if (X->size1 != cache->N || X->size2 != net->D || g->N != X->size1)
    return 1;

  TRY(bw_dz2(g->dz2, cache->prob, y));
  TRY(bw_dW(g->dW2, cache->p1, g->dz2, net->W2, reg));
  TRY(bw_db(g->db2, g->dz2));
  TRY(bw_dp1(g->dp1, g->dz2, net->W2));
  TRY(bw_dz1(g->dz1, g->dp1, cache->z1));
  TRY(bw_dW(g->dW1, X, g->dz1, net->W1, reg));
  TRY(bw_db(g->db1, g->dz1));

  g->present = BP_GRADS_ALL;
  return 0;
}
