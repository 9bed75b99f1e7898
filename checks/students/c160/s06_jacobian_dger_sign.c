/* two layer net -- backward
 *
 * forward (given):  z1 = X W1 + b1,  p1 = relu(z1),  z2 = p1 W2 + b2,
 *                   prob = softmax(z2),  L = mean(-log prob_y) + reg*(|W1|^2+|W2|^2)
 * backward: go through prob explicitly with the softmax jacobian.
 */
#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int
backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
         double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, H = net->H, C = net->C, i, j;
  gsl_matrix *Jac = gsl_matrix_alloc(C, C);
  gsl_vector *up = gsl_vector_alloc(C);      /* dL/dprob for one sample */
  gsl_vector *oneN = gsl_vector_alloc(N);

  gsl_vector_set_all(oneN, 1.0);

  for (i = 0; i < N; i++) {
    gsl_vector_const_view pr = gsl_matrix_const_row(cache->prob, i);
    gsl_vector_view dzi = gsl_matrix_row(g->dz2, i);
    double py = gsl_vector_get(&pr.vector, y[i]);

    gsl_vector_set_zero(up);
    gsl_vector_set(up, y[i], -1.0 / (N * py));

    /* Jac = diag(p) - p p^T */
    gsl_matrix_set_zero(Jac);
    for (j = 0; j < C; j++)
      gsl_matrix_set(Jac, j, j, gsl_vector_get(&pr.vector, j));
    gsl_blas_dger(1.0, &pr.vector, &pr.vector, Jac);

    /* dz = Jac * up */
    gsl_blas_dgemv(CblasNoTrans, 1.0, Jac, up, 0.0, &dzi.vector);
  }

  /* layer 2 */
  gsl_matrix_memcpy(g->dW2, net->W2);
  gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2 * reg, g->dW2);
  gsl_blas_dgemv(CblasTrans, 1.0, g->dz2, oneN, 0.0, g->db2);
  gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* relu */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      gsl_matrix_set(g->dz1, i, j,
                     gsl_matrix_get(cache->z1, i, j) > 0.0 ? gsl_matrix_get(g->dp1, i, j) : 0.0);

  /* layer 1 */
  gsl_matrix_memcpy(g->dW1, net->W1);
  gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2 * reg, g->dW1);
  gsl_blas_dgemv(CblasTrans, 1.0, g->dz1, oneN, 0.0, g->db1);

  gsl_matrix_free(Jac);
  gsl_vector_free(up);
  gsl_vector_free(oneN);
  g->present = BP_GRADS_ALL;
  return 0;
}
