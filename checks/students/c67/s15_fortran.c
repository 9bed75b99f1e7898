/* BACKWARD -- back propagation, two layer net.
 *
 * Loops run 1..N like the formulas on the sheet (and like DO loops);
 * the index into the GSL arrays is then I-1.
 */
#include "backprop.h"

#define GET gsl_matrix_get
#define SET gsl_matrix_set

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
      size_t NS, ND, NH, NC, I, J, K, L;
      double SUM, RN;

      NS = X->size1;
      ND = net->D;
      NH = net->H;
      NC = net->C;
      if (NS != cache->N || X->size2 != ND || g->N != NS) return 1;
      RN = 1.0 / (double) NS;

      /* DZ2(I,L) = (PROB(I,L) - DELTA(L,Y(I))) / NS */
      for (I = 1; I <= NS; I++)
        for (L = 1; L <= NC; L++)
          SET(g->dz2, I-1, L-1,
              (GET(cache->prob, I-1, L-1) - (y[I-1] == L-1 ? 1.0 : 0.0)) * RN);

      /* DW2(J,L) = SUM_I P1(I,J) DZ2(I,L) + 2 REG W2(J,L) */
      for (J = 1; J <= NH; J++)
        for (L = 1; L <= NC; L++) {
          SUM = 0.0;
          for (I = 1; I <= NS; I++)
            SUM = SUM + GET(cache->p1, I-1, J-1) * GET(g->dz2, I-1, L-1);
          SET(g->dW2, J-1, L-1, SUM + 2.0 * reg * GET(net->W2, J-1, L-1));
        }

      /* DB2(L) */
      for (L = 1; L <= NC; L++) {
        SUM = 0.0;
        for (I = 1; I <= NS; I++)
          SUM = SUM + GET(g->dz2, I-1, L-1);
        gsl_vector_set(g->db2, L-1, SUM);
      }

      /* DP1(I,J) = SUM_L DZ2(I,L) W2(J,L);  DZ1 = DP1 WHERE Z1 > 0 */
      for (I = 1; I <= NS; I++)
        for (J = 1; J <= NH; J++) {
          SUM = 0.0;
          for (L = 1; L <= NC; L++)
            SUM = SUM + GET(g->dz2, I-1, L-1) * GET(net->W2, J-1, L-1);
          SET(g->dp1, I-1, J-1, SUM);
          SET(g->dz1, I-1, J-1, GET(cache->z1, I-1, J-1) > 0.0 ? SUM : 0.0);
        }

      /* DW1(K,J) = SUM_I X(I,K) DZ1(I,J) + 2 REG W1(K,J) */
      for (K = 1; K <= ND; K++)
        for (J = 1; J <= NH; J++) {
          SUM = 0.0;
          for (I = 1; I < NS; I++)
            SUM = SUM + GET(X, I-1, K-1) * GET(g->dz1, I-1, J-1);
          SET(g->dW1, K-1, J-1, SUM + 2.0 * reg * GET(net->W1, K-1, J-1));
        }

      /* DB1(J) */
      for (J = 1; J <= NH; J++) {
        SUM = 0.0;
        for (I = 1; I <= NS; I++)
          SUM = SUM + GET(g->dz1, I-1, J-1);
        gsl_vector_set(g->db1, J-1, SUM);
      }

      g->present = BP_GRADS_ALL;
      return 0;
}
