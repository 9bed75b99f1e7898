/* Homework 3 - backward pass
 * Follows the lecture notes: scores -> W2,b2 -> hidden -> relu -> W1,b1 */

#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g) {
  size_t num_train = X->size1;
  size_t num_in = net->D, num_hidden = net->H, num_classes = net->C;
  size_t i, h, c, d;

  if (num_train != cache->N || X->size2 != num_in || g->N != num_train)
    return 1;

  // dL/dscores
  for (i = 0; i < num_train; i++) {
    for (c = 0; c < num_classes; c++) {
      double indicator = (c == y[i]) ? 1.0 : 0.0;
      double val = (gsl_matrix_get(cache->prob, i, c) - indicator) / num_train;
      gsl_matrix_set(g->dz2, i, c, val);
    }
  }

  // second layer: W2 and b2, regularized
  for (h = 0; h < num_hidden; h++) {
    for (c = 0; c < num_classes; c++) {
      double total = 0;
      for (i = 0; i < num_train; i++)
        total += gsl_matrix_get(cache->p1, i, h) * gsl_matrix_get(g->dz2, i, c);
      gsl_matrix_set(g->dW2, h, c, total + 2 * reg * gsl_matrix_get(net->W2, h, c));
    }
  }
  for (c = 0; c < num_classes; c++) {
    double total = 0;
    for (i = 0; i < num_train; i++)
      total += gsl_matrix_get(g->dz2, i, c);
    gsl_vector_set(g->db2, c, total + 2 * reg * gsl_vector_get(net->b2, c));
  }

  // into the hidden layer
  for (i = 0; i < num_train; i++) {
    for (h = 0; h < num_hidden; h++) {
      double total = 0;
      for (c = 0; c < num_classes; c++)
        total += gsl_matrix_get(g->dz2, i, c) * gsl_matrix_get(net->W2, h, c);
      gsl_matrix_set(g->dp1, i, h, total);
      // relu gate
      if (gsl_matrix_get(cache->z1, i, h) > 0)
        gsl_matrix_set(g->dz1, i, h, total);
      else
        gsl_matrix_set(g->dz1, i, h, 0.0);
    }
  }

  // first layer
  for (d = 0; d < num_in; d++) {
    for (h = 0; h < num_hidden; h++) {
      double total = 0;
      for (i = 0; i < num_train; i++)
        total += gsl_matrix_get(X, i, d) * gsl_matrix_get(g->dz1, i, h);
      gsl_matrix_set(g->dW1, d, h, total + 2 * reg * gsl_matrix_get(net->W1, d, h));
    }
  }
  for (h = 0; h < num_hidden; h++) {
    double total = 0;
    for (i = 0; i < num_train; i++)
      total += gsl_matrix_get(g->dz1, i, h);
    gsl_vector_set(g->db1, h, total);
  }

  g->present = BP_GRADS_ALL;
  return 0;
}
