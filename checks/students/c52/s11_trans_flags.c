/* Intro to NN -- backprop assignment
 * Oliver Grant
 *
 * One matmul with transpose flags does all three products of the dense
 * layer:   dW = in^T dout   (tA = 1)
 *          din = dout W^T   (tB = 1)
 * Raw data pointers with tda, no range checks, so it is fast.
 */
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* C = op(A) op(B), op(M) = M^T when its flag is set */
static void matmul(const gsl_matrix *A, int tA, const gsl_matrix *B, int tB,
                   gsl_matrix *C) {
   size_t inner = tA ? A->size1 : A->size2;
   size_t i, j, k;
   for (i = 0; i < C->size1; i++) {
      for (j = 0; j < C->size2; j++) {
         double s = 0.0;
         for (k = 0; k < inner; k++) {
            double a = tA ? A->data[k * A->tda + i] : A->data[i * A->tda + k];
            double b = tB ? B->data[k * B->tda + j] : B->data[k * B->tda + j];
            s += a * b;
         }
         C->data[i * C->tda + j] = s;
      }
   }
}

static void softmax_ce_backward(const gsl_matrix *prob, const size_t *y,
                                gsl_matrix *dz) {
   size_t N = prob->size1, C = prob->size2, i, k;
   for (i = 0; i < N; i++) {
      for (k = 0; k < C; k++)
         dz->data[i * dz->tda + k] = prob->data[i * prob->tda + k] / N;
      dz->data[i * dz->tda + y[i]] -= 1.0 / N;
   }
}

static void dense_backward(const gsl_matrix *in, const gsl_matrix *W,
                           const gsl_matrix *dout, double reg,
                           gsl_matrix *dW, gsl_vector *db, gsl_matrix *din) {
   size_t i, j;
   matmul(in, 1, dout, 0, dW);
   for (i = 0; i < W->size1; i++)
      for (j = 0; j < W->size2; j++)
         dW->data[i * dW->tda + j] += 2.0 * reg * W->data[i * W->tda + j];
   for (j = 0; j < dout->size2; j++) {
      double s = 0.0;
      for (i = 0; i < dout->size1; i++)
         s += dout->data[i * dout->tda + j];
      db->data[j * db->stride] = s;
   }
   if (din)
      matmul(dout, 0, W, 1, din);
}

static void relu_backward(const gsl_matrix *dout, const gsl_matrix *z,
                          gsl_matrix *din) {
   size_t i, j;
   for (i = 0; i < z->size1; i++)
      for (j = 0; j < z->size2; j++)
         din->data[i * din->tda + j] =
            z->data[i * z->tda + j] > 0.0 ? dout->data[i * dout->tda + j] : 0.0;
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g) {
   size_t N = X->size1;
   if (N != cache->N || X->size2 != net->D || g->N != N)
      return 1;

   softmax_ce_backward(cache->prob, y, g->dz2);
   dense_backward(cache->p1, net->W2, g->dz2, reg, g->dW2, g->db2, g->dp1);
   relu_backward(g->dp1, cache->z1, g->dz1);
   dense_backward(X, net->W1, g->dz1, reg, g->dW1, g->db1, NULL);

   g->present = BP_GRADS_ALL;
   return 0;
}
