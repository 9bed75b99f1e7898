/* HW 5 - backward pass for the 2 layer net
 * Jake Morrison
 */
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g) {
  size_t num_train = X->size1;
  size_t num_in = net->D, num_hidden = net->H, num_classes = net->C;

  if (num_train != cache->N || X->size2 != net->D || g->N != num_train)
    return 1;

  // dscores = probs, minus 1 on the correct class
  for (size_t i = 0; i < num_train; i++) {
    for (size_t c = 0; c < num_classes; c++) {
      double indicator = (c == y[i]) ? 1.0 : 0.0;
      gsl_matrix_set(g->dz2, i, c, gsl_matrix_get(cache->prob, i, c) - indicator);
    }
  }

  // grad W2 = hidden^T dscores + reg
  for (size_t h = 0; h < num_hidden; h++) {
    for (size_t c = 0; c < num_classes; c++) {
      double total = 0;
      for (size_t i = 0; i < num_train; i++) {
        total += gsl_matrix_get(cache->p1, i, h) * gsl_matrix_get(g->dz2, i, c);
      }
      gsl_matrix_set(g->dW2, h, c, total + 2 * reg * gsl_matrix_get(net->W2, h, c));
    }
  }

  // grad b2
  for (size_t c = 0; c < num_classes; c++) {
    double total = 0;
    for (size_t i = 0; i < num_train; i++) {
      total += gsl_matrix_get(g->dz2, i, c);
    }
    gsl_vector_set(g->db2, c, total);
  }

  // dhidden = dscores W2^T
  for (size_t i = 0; i < num_train; i++) {
    for (size_t h = 0; h < num_hidden; h++) {
      double total = 0;
      for (size_t c = 0; c < num_classes; c++) {
        total += gsl_matrix_get(g->dz2, i, c) * gsl_matrix_get(net->W2, h, c);
      }
      gsl_matrix_set(g->dp1, i, h, total);
    }
  }

  // back through the relu
  for (size_t i = 0; i < num_train; i++) {
    for (size_t h = 0; h < num_hidden; h++) {
      double dh = gsl_matrix_get(g->dp1, i, h);
      if (gsl_matrix_get(cache->z1, i, h) <= 0) {
        dh = 0;
      }
      gsl_matrix_set(g->dz1, i, h, dh);
    }
  }

  // grad W1 = X^T dhidden + reg
  for (size_t d = 0; d < num_in; d++) {
    for (size_t h = 0; h < num_hidden; h++) {
      double total = 0;
      for (size_t i = 0; i < num_train; i++) {
        total += gsl_matrix_get(X, i, d) * gsl_matrix_get(g->dz1, i, h);
      }
      gsl_matrix_set(g->dW1, d, h, total + 2 * reg * gsl_matrix_get(net->W1, d, h));
    }
  }

  // grad b1
  for (size_t h = 0; h < num_hidden; h++) {
    double total = 0;
    for (size_t i = 0; i < num_train; i++) {
      total += gsl_matrix_get(g->dz1, i, h);
    }
    gsl_vector_set(g->db1, h, total);
  }

  g->present = BP_GRADS_ALL;
  return 0;
}
