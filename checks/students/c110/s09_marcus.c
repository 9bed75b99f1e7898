// Marcus T. - backprop assignment (C module)
// I come from JavaScript so sorry for the camelCase :)
//
// Plan:
//   1. gradOut   = dz2  (scores)
//   2. dW2, db2 from gradOut
//   3. gradHidden = dp1, then the ReLU gives dz1
//   4. dW1, db1 from dz1

#include <stdio.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g) {
  size_t numSamples = X->size1;
  size_t numInputs = net->D;
  size_t numHidden = net->H;
  size_t numClasses = net->C;
  size_t i, j, k;
  double sum;
  double gradOut, gradHidden;

  if (numSamples != cache->N || X->size2 != numInputs || g->N != numSamples) {
    return 1;
  }

  // 1. dz2
  for (i = 0; i < numSamples; i++) {
    for (j = 0; j < numClasses; j++) {
      gradOut = gsl_matrix_get(cache->prob, i, j);
      if (j == y[i]) {
        gradOut -= 1.0;
      }
      gradOut /= (double) numSamples;
      gsl_matrix_set(g->dz2, i, j, gradOut);
    }
  }

  // 2. dW2 and db2
  for (j = 0; j < numHidden; j++) {
    for (k = 0; k < numClasses; k++) {
      sum = 0.0;
      for (i = 0; i < numSamples; i++) {
        sum += gsl_matrix_get(cache->p1, i, j) * gsl_matrix_get(g->dz2, i, k);
      }
      gsl_matrix_set(g->dW2, j, k, sum + 2.0 * reg * gsl_matrix_get(net->W2, j, k));
    }
  }
  for (k = 0; k < numClasses; k++) {
    sum = 0.0;
    for (i = 0; i < numSamples; i++) {
      sum += gsl_matrix_get(g->dz2, i, k);
    }
    gsl_vector_set(g->db2, k, sum);
  }

  // 3. dp1 and dz1 in the same loop
  for (i = 0; i < numSamples; i++) {
    for (j = 0; j < numHidden; j++) {
      gradHidden = 0.0;
      for (k = 0; k < numClasses; k++) {
        gradHidden += gsl_matrix_get(g->dz2, i, k) * gsl_matrix_get(net->W2, j, k);
      }
      gsl_matrix_set(g->dp1, i, j, gradHidden);

      // relu: negative values are blocked
      if (gsl_matrix_get(g->dp1, i, j) > 0) {
        gsl_matrix_set(g->dz1, i, j, gradHidden);
      } else {
        gsl_matrix_set(g->dz1, i, j, 0.0);
      }
      // printf("i=%zu j=%zu dp1=%f dz1=%f\n", i, j, gradHidden,
      //        gsl_matrix_get(g->dz1, i, j));
    }
  }

  // 4. dW1 and db1
  for (k = 0; k < numInputs; k++) {
    for (j = 0; j < numHidden; j++) {
      sum = 0.0;
      for (i = 0; i < numSamples; i++) {
        sum += gsl_matrix_get(X, i, k) * gsl_matrix_get(g->dz1, i, j);
      }
      gsl_matrix_set(g->dW1, k, j, sum + 2.0 * reg * gsl_matrix_get(net->W1, k, j));
    }
  }
  for (j = 0; j < numHidden; j++) {
    sum = 0.0;
    for (i = 0; i < numSamples; i++) {
      sum += gsl_matrix_get(g->dz1, i, j);
    }
    gsl_vector_set(g->db1, j, sum);
  }

  g->present = BP_GRADS_ALL;
  return 0;
}
