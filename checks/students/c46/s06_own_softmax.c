#include "backprop.h"
#include <math.h>
#include <gsl/gsl_blas.h>

/* Backward pass of the 2-layer net.
   I recompute the softmax from the scores myself (with the max trick so exp
   does not overflow) instead of using cache->prob, so that the gradient of
   the loss is computed from the scores z2 directly. */

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
   size_t N = X->size1, H = net->H, C = net->C;
   size_t i, j;

   if (N != cache->N || X->size2 != net->D || g->N != N)
      return 1;

   /* softmax + cross entropy gradient, one row at a time */
   for (i = 0; i < N; i++)
   {
      double mx = gsl_matrix_get(cache->z2, i, 0);
      double denom = 0.0;
      for (j = 1; j < C; j++)
         if (gsl_matrix_get(cache->z2, i, j) > mx)
            mx = gsl_matrix_get(cache->z2, i, j);
      for (j = 0; j < C; j++)
         denom += exp(gsl_matrix_get(cache->z2, i, j));
      for (j = 0; j < C; j++)
      {
         double pij = exp(gsl_matrix_get(cache->z2, i, j) - mx) / denom;
         if (j == y[i])
            pij -= 1.0;
         gsl_matrix_set(g->dz2, i, j, pij / N);
      }
   }

   /* layer 2 */
   gsl_matrix *tmpHC = gsl_matrix_alloc(H, C);
   gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0, tmpHC);
   gsl_matrix_memcpy(g->dW2, net->W2);
   gsl_matrix_scale(g->dW2, 2 * reg);
   gsl_matrix_add(g->dW2, tmpHC);
   gsl_matrix_free(tmpHC);

   for (j = 0; j < C; j++)
   {
      gsl_vector_const_view col = gsl_matrix_const_column(g->dz2, j);
      double s = 0;
      for (i = 0; i < N; i++)
         s += gsl_vector_get(&col.vector, i);
      gsl_vector_set(g->db2, j, s);
   }

   gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

   /* relu */
   for (i = 0; i < N; i++)
      for (j = 0; j < H; j++)
         gsl_matrix_set(g->dz1, i, j,
                        gsl_matrix_get(cache->z1, i, j) > 0 ? gsl_matrix_get(g->dp1, i, j) : 0);

   /* layer 1 */
   gsl_matrix_memcpy(g->dW1, net->W1);
   gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2 * reg, g->dW1);

   for (j = 0; j < H; j++)
   {
      gsl_vector_const_view col = gsl_matrix_const_column(g->dz1, j);
      double s = 0;
      for (i = 0; i < N; i++)
         s += gsl_vector_get(&col.vector, i);
      gsl_vector_set(g->db1, j, s);
   }

   g->present = BP_GRADS_ALL;
   return 0;
}
