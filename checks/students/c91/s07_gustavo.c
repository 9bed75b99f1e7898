/* Gustavo Lima -- lab 2
 * backward(): loss (for my printouts) + all 7 gradients.
 * probs are recomputed from the scores, I don't trust the cache. */
#include <math.h>
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

double gustavoLoss;

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g) {
  size_t nSamples = X->size1, nHidden = net->H, nClasses = net->C;
  size_t i, j;
  double rowMax, rowSum, regLoss, dataLoss;

  if (nSamples != cache->N || X->size2 != net->D || g->N != nSamples) return 1;

  /* probs -> g->dz2 */
  dataLoss = 0;
  for (i = 0; i < nSamples; i++) {
    gsl_vector_const_view zRow = gsl_matrix_const_row(cache->z2, i);
    gsl_vector_view pRow = gsl_matrix_row(g->dz2, i);
    rowMax = gsl_vector_max(&zRow.vector);
    rowSum = 0;
    for (j = 0; j < nClasses; j++) {
      double e = exp(gsl_vector_get(&zRow.vector, j) - rowMax);
      gsl_vector_set(&pRow.vector, j, e);
      rowSum += e;
    }
    gsl_vector_scale(&pRow.vector, 1.0 / rowSum);
    dataLoss += -log(gsl_vector_get(&pRow.vector, y[i]));
  }
  dataLoss /= nSamples;

  /* reg loss = reg * sum(W^2) for both weight matrices */
  regLoss = 0;
  for (i = 0; i < net->W1->size1; i++)
    for (j = 0; j < net->W1->size2; j++) regLoss += pow(gsl_matrix_get(net->W1, i, j), 2);
  for (i = 0; i < net->W2->size1; i++)
    for (j = 0; j < net->W2->size2; j++) regLoss += pow(gsl_matrix_get(net->W2, i, j), 2);
  regLoss *= reg;
  gustavoLoss = dataLoss + regLoss;

  /* dScores */
  for (i = 0; i < nSamples; i++) {
    gsl_matrix_set(g->dz2, i, y[i], gsl_matrix_get(g->dz2, i, y[i]) - 1);
  }
  gsl_matrix_scale(g->dz2, 1.0 / nSamples);

  /* dW2 = h^T dScores + d(regLoss)/dW2 */
  gsl_matrix_memcpy(g->dW2, net->W2);
  gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, reg, g->dW2);

  /* db2 */
  for (j = 0; j < nClasses; j++) {
    gsl_vector_const_view col = gsl_matrix_const_column(g->dz2, j);
    double s = 0;
    for (i = 0; i < nSamples; i++) s += gsl_vector_get(&col.vector, i);
    gsl_vector_set(g->db2, j, s);
  }

  /* dHidden */
  gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* relu */
  for (i = 0; i < nSamples; i++) {
    for (j = 0; j < nHidden; j++) {
      double z = gsl_matrix_get(cache->z1, i, j);
      gsl_matrix_set(g->dz1, i, j, z > 0 ? gsl_matrix_get(g->dp1, i, j) : 0.0);
    }
  }

  /* dW1 = X^T dz1 + 2*reg*W1 */
  for (i = 0; i < net->D; i++) {
    for (j = 0; j < nHidden; j++) {
      gsl_vector_const_view xc = gsl_matrix_const_column(X, i);
      gsl_vector_const_view dc = gsl_matrix_const_column(g->dz1, j);
      double dot;
      gsl_blas_ddot(&xc.vector, &dc.vector, &dot);
      gsl_matrix_set(g->dW1, i, j, dot + 2.0 * reg * gsl_matrix_get(net->W1, i, j));
    }
  }

  /* db1 */
  for (j = 0; j < nHidden; j++) {
    gsl_vector_const_view col = gsl_matrix_const_column(g->dz1, j);
    double s = 0;
    for (i = 0; i < nSamples; i++) s += gsl_vector_get(&col.vector, i);
    gsl_vector_set(g->db1, j, s);
  }

  g->present = BP_GRADS_ALL;
  return 0;
}
