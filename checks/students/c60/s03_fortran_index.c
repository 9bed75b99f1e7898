/* backward.c  --  backprop for the two layer net.
 *
 * I think in Fortran: A(i,j) with i = 1..rows, j = 1..cols, and the
 * macro IJ below turns that into GSL's row-major storage (row stride tda).
 * Loops go column by column, j outside, i inside.  No temporaries except
 * the relu mask, everything is written straight into g.
 */

#include "backprop/net.h"
#include "backprop/grads.h"

/* 1-based element (i,j) of a gsl_matrix */
#define IJ(A, i, j)  ((A)->data[((i) - 1) * (A)->tda + ((j) - 1)])
/* 1-based element i of a gsl_vector */
#define V(v, i)      ((v)->data[((i) - 1) * (v)->stride])

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g)
{
   size_t N, D, H, C, i, j, k;
   double s;
   gsl_matrix *DZ2, *DW2, *DP1, *DZ1, *DW1, *MASK;
   const gsl_matrix *P, *A1, *Z1, *W1, *W2;

   N = X->size1;  D = net->D;  H = net->H;  C = net->C;
   if (N != cache->N || X->size2 != D || g->N != N)
      return 1;

   P = cache->prob;  A1 = cache->p1;  Z1 = cache->z1;
   W1 = net->W1;  W2 = net->W2;
   DZ2 = g->dz2;  DW2 = g->dW2;  DP1 = g->dp1;  DZ1 = g->dz1;  DW1 = g->dW1;

   /* DZ2(i,j) = (P(i,j) - [j == y(i)]) / N */
   for (j = 1; j <= C; j++)
      for (i = 1; i <= N; i++)
         IJ(DZ2, i, j) = (IJ(P, i, j) - (y[i - 1] + 1 == j ? 1.0 : 0.0)) / (double) N;

   /* DW2(k,j) = sum_i A1(i,k) DZ2(i,j) + 2 reg W2(k,j) */
   for (j = 1; j <= C; j++)
      for (k = 1; k <= H; k++) {
         s = 0.0;
         for (i = 1; i <= N; i++)
            s = s + IJ(A1, i, k) * IJ(DZ2, i, j);
         IJ(DW2, k, j) = s + 2.0 * reg * IJ(W2, k, j);
      }

   /* DB2(j) = sum_i DZ2(i,j) */
   for (j = 1; j <= C; j++) {
      s = 0.0;
      for (i = 1; i <= N; i++)
         s = s + IJ(DZ2, i, j);
      V(g->db2, j) = s;
   }

   /* DP1(i,k) = sum_j DZ2(i,j) W2(k,j) */
   for (k = 1; k <= H; k++)
      for (i = 1; i <= N; i++) {
         s = 0.0;
         for (j = 1; j <= C; j++)
            s = s + IJ(DZ2, i, j) * IJ(W2, k, j);
         IJ(DP1, i, k) = s;
      }

   /* MASK = (Z1 > 0), then DZ1 = DP1 .* MASK */
   MASK = gsl_matrix_calloc (N, H);
   for (k = 1; k <= H; k++)
      for (i = 1; i <= N; i++)
         if (IJ(Z1, i, k) > 0.0)
            IJ(MASK, i, k) = 1.0;
   for (k = 1; k <= H; k++)
      for (i = 1; i <= N; i++)
         IJ(DZ1, i, k) = IJ(DP1, i, k) * IJ(MASK, i, k);
   gsl_matrix_free (MASK);

   /* DW1(d,k) = sum_i X(i,d) DZ1(i,k) + 2 reg W1(d,k) */
   for (k = 1; k <= H; k++)
      for (j = 1; j <= D; j++) {
         s = 0.0;
         for (i = 1; i <= N; i++)
            s = s + IJ(X, i, j) * IJ(DZ1, i, k);
         IJ(DW1, j, k) = s + 2.0 * reg * IJ(W1, j, k);
      }

   /* DB1(k) = sum_i DZ1(i,k) */
   for (k = 1; k <= H; k++) {
      s = 0.0;
      for (i = 1; i <= N; i++)
         s = s + IJ(DZ1, i, k);
      V(g->db1, k) = s;
   }

   g->present = BP_GRADS_ALL;
   return 0;
}
