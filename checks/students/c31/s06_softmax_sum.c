//  backward.c   (Lab 5)
//  computes the softmax again from z2 to be safe, then the rest with loops
//  compiles with no warnings now

#include <stdio.h>
#include <math.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g)
{
   size_t N = X->size1;
   size_t i, j, k;
   double sum = 0.0;
   double mx, tmp, tmp2;
   double p;

   if (N != cache->N || X->size2 != net->D || g->N != N)
     return 1;

   // ---------- softmax (again) and dz2 -----------
   for (i = 0; i < N; i++) {
      mx = gsl_matrix_get(cache->z2, i, 0);
      for (j = 0; j < net->C; j++)
         if (gsl_matrix_get(cache->z2, i, j) > mx)
            mx = gsl_matrix_get(cache->z2, i, j);
      // first the denominator
      for (j = 0; j < net->C; j++)
         sum += exp(gsl_matrix_get(cache->z2, i, j) - mx);
      for (j = 0; j < net->C; j++) {
         p = exp(gsl_matrix_get(cache->z2, i, j) - mx) / sum;
         // p = gsl_matrix_get(cache->prob, i, j);
         if (j == y[i])
            p = p - 1;
         gsl_matrix_set(g->dz2, i, j, p / N);
      }
      //printf("row %zu sum %f\n", i, sum);
   }

   // ---------- dW2 = p1^T dz2 + 2 reg W2 ----------
   for (j = 0; j < net->H; j++) {
      for (k = 0; k < net->C; k++) {
         tmp = 0;
         for (i = 0; i < N; i++)
            tmp += gsl_matrix_get(cache->p1, i, j) * gsl_matrix_get(g->dz2, i, k);
         tmp2 = 2 * reg * gsl_matrix_get(net->W2, j, k);
         gsl_matrix_set(g->dW2, j, k, tmp + tmp2);
      }
   }

   // ---------- db2 ----------
   for (k = 0; k < net->C; k++) {
      tmp = 0;
      for (i = 0; i < N; i++)
         tmp += gsl_matrix_get(g->dz2, i, k);
      gsl_vector_set(g->db2, k, tmp);
   }

   // ---------- dp1 = dz2 W2^T ----------
   for (i = 0; i < N; i++)
      for (j = 0; j < net->H; j++) {
         tmp = 0;
         for (k = 0; k < net->C; k++)
            tmp += gsl_matrix_get(g->dz2, i, k) * gsl_matrix_get(net->W2, j, k);
         gsl_matrix_set(g->dp1, i, j, tmp);
      }

   // ---------- dz1 ----------
   for (i = 0; i < N; i++)
      for (j = 0; j < net->H; j++) {
         tmp = gsl_matrix_get(g->dp1, i, j);
         if (gsl_matrix_get(cache->z1, i, j) <= 0) tmp = 0;
         gsl_matrix_set(g->dz1, i, j, tmp);
      }

   // ---------- dW1 ----------
   for (k = 0; k < net->D; k++)
      for (j = 0; j < net->H; j++) {
         tmp = 0;
         for (i = 0; i < N; i++)
            tmp += gsl_matrix_get(X, i, k) * gsl_matrix_get(g->dz1, i, j);
         gsl_matrix_set(g->dW1, k, j, tmp + 2 * reg * gsl_matrix_get(net->W1, k, j));
      }

   // ---------- db1 ----------
   for (j = 0; j < net->H; j++) {
      tmp = 0;
      for (i = 0; i < N; i++)
         tmp += gsl_matrix_get(g->dz1, i, j);
      gsl_vector_set(g->db1, j, tmp);
   }

   g->present = BP_GRADS_ALL;
   return 0;
}
