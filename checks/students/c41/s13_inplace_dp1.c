/* CIS 125 -- backprop homework -- Jordan B.
   to save memory i do the relu step right inside dp1 and then copy the
   result over to dz1.  */

#include "backprop.h"

#define MAT(m,i,j) m->data[(i)*m->tda+(j)]

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g)
{
  int N = X->size1, D = net->D, H = net->H, C = net->C;
  int i, j, k;
  double sum;
  gsl_matrix *dz2 = g->dz2, *dp1 = g->dp1, *dz1 = g->dz1, *dW1 = g->dW1, *dW2 = g->dW2;
  gsl_matrix *W1 = net->W1, *W2 = net->W2, *z1 = cache->z1, *p1 = cache->p1, *prob = cache->prob;

  if ((size_t)N != cache->N || X->size2 != net->D || g->N != (size_t)N) return 1;

  /* dz2 */
  for (i = 0; i < N; i++) for (j = 0; j < C; j++) {
    if ((size_t)j == y[i]) MAT(dz2,i,j) = (MAT(prob,i,j) - 1) / N;
    else MAT(dz2,i,j) = MAT(prob,i,j) / N;
  }

  /* dW2 */
  for (k = 0; k < H; k++) for (j = 0; j < C; j++) {
    sum = 0; for (i = 0; i < N; i++) sum += MAT(p1,i,k) * MAT(dz2,i,j);
    MAT(dW2,k,j) = sum + 2*reg*MAT(W2,k,j);
  }

  /* db2 */
  for (j = 0; j < C; j++) { sum = 0; for (i = 0; i < N; i++) sum += MAT(dz2,i,j); g->db2->data[j] = sum; }

  /* dp1 */
  for (i = 0; i < N; i++) for (k = 0; k < H; k++) {
    sum = 0; for (j = 0; j < C; j++) sum += MAT(dz2,i,j) * MAT(W2,k,j);
    MAT(dp1,i,k) = sum;
  }

  /* relu backward, in place, then copy to dz1 */
  for (i = 0; i < N; i++) for (k = 0; k < H; k++)
    if (MAT(z1,i,k) <= 0) MAT(dp1,i,k) = 0;
  for (i = 0; i < N; i++) for (k = 0; k < H; k++) MAT(dz1,i,k) = MAT(dp1,i,k);

  /* dW1 */
  for (j = 0; j < D; j++) for (k = 0; k < H; k++) {
    sum = 0; for (i = 0; i < N; i++) sum += MAT(X,i,j) * MAT(dz1,i,k);
    MAT(dW1,j,k) = sum + 2*reg*MAT(W1,j,k);
  }

  /* db1 */
  for (k = 0; k < H; k++) { sum = 0; for (i = 0; i < N; i++) sum += MAT(dz1,i,k); g->db1->data[k] = sum; }

  g->present = BP_GRADS_ALL;
  return 0;
}
