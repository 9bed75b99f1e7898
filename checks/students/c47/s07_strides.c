/*  2-layer net backward, raw loops.
 *  ld* = row stride of each matrix (tda).  I keep a local copy of the
 *  dp1 row in a fixed array, MAXH is plenty for this course.
 */
#include "backprop.h"

#define MAXH 256

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
   int n, h, c, d;
   int N = X->size1, D = net->D, H = net->H, C = net->C;
   int ldx = X->tda, ldz1 = cache->z1->tda;
   int ldpr = cache->prob->tda, ldz = g->dz2->tda;
   int ldd1 = g->dp1->tda, ldg1 = g->dz1->tda;
   double tmp[MAXH];
   double acc;

   if (H > MAXH)
      return 1;

   /* softmax + cross entropy gradient */
   for (n = 0; n < N; n++) {
      for (c = 0; c < C; c++)
         g->dz2->data[n*ldz + c] = cache->prob->data[n*ldpr + c];
      g->dz2->data[n*ldz + y[n]] -= 1.0;
      for (c = 0; c < C; c++)
         g->dz2->data[n*ldz + c] /= N;
   }

   /* W2 and b2 */
   for (h = 0; h < H; h++) {
      for (c = 0; c < C; c++) {
         acc = 0;
         for (n = 0; n < N; n++)
            acc += cache->p1->data[n*ldz + h] * g->dz2->data[n*ldz + c];
         g->dW2->data[h*C + c] = acc + 2*reg*net->W2->data[h*C + c];
      }
   }
   for (c = 0; c < C; c++) {
      acc = 0;
      for (n = 0; n < N; n++)
         acc += g->dz2->data[n*ldz + c];
      g->db2->data[c] = acc;
   }

   /* back into the hidden layer */
   for (n = 0; n < N; n++) {
      for (h = 0; h < H; h++) {
         acc = 0;
         for (c = 0; c < C; c++)
            acc += g->dz2->data[n*ldz + c] * net->W2->data[h*C + c];
         tmp[h] = acc;
      }
      for (h = 0; h < H; h++) {
         g->dp1->data[n*ldd1 + h] = tmp[h];
         g->dz1->data[n*ldg1 + h] = cache->z1->data[n*ldz1 + h] > 0 ? tmp[h] : 0;
      }
   }

   /* W1 and b1 */
   for (d = 0; d < D; d++) {
      for (h = 0; h < H; h++) {
         acc = 0;
         for (n = 0; n < N; n++)
            acc += X->data[n*ldx + d] * g->dz1->data[n*ldg1 + h];
         g->dW1->data[d*H + h] = acc + 2*reg*net->W1->data[d*H + h];
      }
   }
   for (h = 0; h < H; h++) {
      acc = 0;
      for (n = 0; n < N; n++)
         acc += g->dz1->data[n*ldg1 + h];
      g->db1->data[h] = acc;
   }

   g->present = BP_GRADS_ALL;
   return 0;
}
