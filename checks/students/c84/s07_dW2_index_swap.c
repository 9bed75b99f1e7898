#include "backprop.h"

/*
 * Two layer net, backward pass.
 * Notation from the lecture notes: i = example, j = hidden unit, k = class,
 * d = input feature.
 */

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g) {
  size_t batch_size = X->size1;
  size_t n_in = net->D, n_hidden = net->H, n_classes = net->C;
  size_t i, j, k, d;
  double tmp;

  if (batch_size != cache->N || X->size2 != n_in || g->N != batch_size) {
    return 1;
  }

  /* dL/dz2 */
  for (i = 0; i < batch_size; i++) {
    for (k = 0; k < n_classes; k++) {
      tmp = gsl_matrix_get(cache->prob, i, k);
      if (y[i] == k) {
        tmp = tmp - 1;
      }
      gsl_matrix_set(g->dz2, i, k, tmp / batch_size);
    }
  }

  /* dL/dW2 (j,k) = sum_i p1(i,j) * dz2(i,k) + 2 reg W2(j,k) */
  for (j = 0; j < n_hidden; j++) {
    for (k = 0; k < n_classes; k++) {
      tmp = 0;
      for (i = 0; i < batch_size; i++) {
        tmp += gsl_matrix_get(cache->p1, i, k) * gsl_matrix_get(g->dz2, i, k);
      }
      tmp += 2 * reg * gsl_matrix_get(net->W2, j, k);
      gsl_matrix_set(g->dW2, j, k, tmp);
    }
  }

  /* dL/db2 */
  for (k = 0; k < n_classes; k++) {
    tmp = 0;
    for (i = 0; i < batch_size; i++) {
      tmp += gsl_matrix_get(g->dz2, i, k);
    }
    gsl_vector_set(g->db2, k, tmp);
  }

  /* dL/dp1 (i,j) = sum_k dz2(i,k) W2(j,k) */
  for (i = 0; i < batch_size; i++) {
    for (j = 0; j < n_hidden; j++) {
      tmp = 0;
      for (k = 0; k < n_classes; k++) {
        tmp += gsl_matrix_get(g->dz2, i, k) * gsl_matrix_get(net->W2, j, k);
      }
      gsl_matrix_set(g->dp1, i, j, tmp);
    }
  }

  /* dL/dz1 = dp1 * 1[z1 > 0] */
  for (i = 0; i < batch_size; i++) {
    for (j = 0; j < n_hidden; j++) {
      if (gsl_matrix_get(cache->z1, i, j) > 0) {
        gsl_matrix_set(g->dz1, i, j, gsl_matrix_get(g->dp1, i, j));
      } else {
        gsl_matrix_set(g->dz1, i, j, 0);
      }
    }
  }

  /* dL/dW1 (d,j) = sum_i X(i,d) dz1(i,j) + 2 reg W1(d,j) */
  for (d = 0; d < n_in; d++) {
    for (j = 0; j < n_hidden; j++) {
      tmp = 0;
      for (i = 0; i < batch_size; i++) {
        tmp += gsl_matrix_get(X, i, d) * gsl_matrix_get(g->dz1, i, j);
      }
      tmp += 2 * reg * gsl_matrix_get(net->W1, d, j);
      gsl_matrix_set(g->dW1, d, j, tmp);
    }
  }

  /* dL/db1 */
  for (j = 0; j < n_hidden; j++) {
    tmp = 0;
    for (i = 0; i < batch_size; i++) {
      tmp += gsl_matrix_get(g->dz1, i, j);
    }
    gsl_vector_set(g->db1, j, tmp);
  }

  g->present = BP_GRADS_ALL;
  return 0;
}
