// backward.c  --  hw3 q2
// I used BLAS for the matrix products because the loops were slow on the
// big test in part 3.  ones-vector trick for the bias sums (like np.sum(axis=0)).

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
  size_t num_examples = X->size1;
  size_t n;

  if (num_examples != cache->N || X->size2 != net->D || g->N != num_examples)
    return 1;

  gsl_vector *ones = gsl_vector_alloc(num_examples);
  if (!ones)
    return 1;
  gsl_vector_set_all(ones, 1.0);

  // dscores = (probs - onehot) / N
  gsl_matrix_memcpy(g->dz2, cache->prob);
  for (n = 0; n < num_examples; n++) {
    gsl_vector_view row = gsl_matrix_row(g->dz2, n);
    gsl_vector_set(&row.vector, y[n], gsl_vector_get(&row.vector, y[n]) - 1.0);
  }
  gsl_matrix_scale(g->dz2, 1.0 / (double)num_examples);

  // dW2 = p1.T @ dscores + 2*reg*W2   (start from the reg part, beta = 1)
  gsl_matrix_memcpy(g->dW2, net->W2);
  gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2.0 * reg, g->dW2);

  // db2 = dscores.T @ ones
  gsl_blas_dgemv(CblasTrans, 1.0, g->dz2, ones, 0.0, g->db2);

  // dhidden = dscores @ W2.T
  gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  // back through relu: zero where the unit was off (p1 == 0 <=> z1 <= 0)
  gsl_matrix_memcpy(g->dz1, g->dp1);
  for (n = 0; n < num_examples; n++) {
    gsl_vector_const_view a = gsl_matrix_const_row(cache->p1, n);
    gsl_vector_view d = gsl_matrix_row(g->dz1, n);
    size_t h;
    for (h = 0; h < a.vector.size; h++)
      if (gsl_vector_get(&a.vector, h) <= 0.0)
        gsl_vector_set(&d.vector, h, 0.0);
  }

  // dW1 = X.T @ dz1 + 2*reg*W1
  gsl_matrix_memcpy(g->dW1, net->W1);
  gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

  // db1
  gsl_blas_dgemv(CblasTrans, 1.0, g->dz1, ones, 0.0, g->db1);

  gsl_vector_free(ones);
  g->present = BP_GRADS_ALL;
  return 0;
}
