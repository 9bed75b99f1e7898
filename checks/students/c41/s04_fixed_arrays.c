// backward pass - Dev P. - CIS 1150
// i dont trust the prob in the cache so i do the softmax again from z2
// (subtract the max first so exp dont blow up, like the book says).
// big global arrays so i dont have to malloc anything.

#include <math.h>
#include "backprop.h"

#define MAXN 256
#define MAXD 256
#define MAXH 256
#define MAXC 64

double sm[MAXN][MAXC];     // my softmax
double d2[MAXN][MAXC];     // my dz2
double Xt[MAXD][MAXN];     // X transposed
double d1[MAXN][MAXH];     // my dz1

#define A(m,i,j) (m)->data[(i)*(m)->tda + (j)]

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g)
{
  int N = X->size1, D = net->D, H = net->H, C = net->C;
  int i, j, k;
  double mx, tot, s;

  if ((size_t)N != cache->N || X->size2 != net->D || g->N != (size_t)N) return 1;
  if (N > MAXN || D > MAXD || H > MAXH || C > MAXC) return 1;   // too big for my arrays

  // softmax again
  for (i = 0; i < N; i++) {
    mx = A(cache->z2,i,0);
    for (j = 1; j < C; j++) if (A(cache->z2,i,j) > mx) mx = A(cache->z2,i,j);
    tot = 0;
    for (j = 0; j < C; j++) { sm[i][j] = exp(A(cache->z2,i,j) - mx); tot += sm[i][j]; }
    for (j = 0; j < C; j++) sm[i][j] = sm[i][j] / tot;
  }

  // dz2
  for (i = 0; i < N; i++) for (j = 0; j < C; j++) d2[i][j] = sm[i][j] / N;
  for (i = 0; i < N; i++) d2[i][y[i]] = d2[i][y[i]] - 1.0 / N;
  for (i = 0; i < N; i++) for (j = 0; j < C; j++) gsl_matrix_set(g->dz2, i, j, d2[i][j]);

  // dW2
  for (k = 0; k < H; k++) for (j = 0; j < C; j++) {
    s = 2 * reg * A(net->W2,k,j);
    for (i = 0; i < N; i++) s += A(cache->p1,i,k) * d2[i][j];
    A(g->dW2,k,j) = s;
  }

  // db2, counting down for fun
  for (j = 0; j < C; j++) { s = 0; for (i = N; i-- > 0; ) s += d2[i][j]; gsl_vector_set(g->db2, j, s); }

  // dp1 and dz1 in the same loop
  for (i = 0; i < N; i++) for (k = 0; k < H; k++) {
    s = 0;
    for (j = 0; j < C; j++) s += d2[i][j] * A(net->W2,k,j);
    A(g->dp1,i,k) = s;
    if (A(cache->z1,i,k) <= 0) d1[i][k] = 0; else d1[i][k] = s;
    A(g->dz1,i,k) = d1[i][k];
  }

  // dW1 = Xt d1
  for (i = 0; i < N; i++) for (k = 0; k < D; k++) Xt[k][i] = A(X,i,k);
  for (k = 0; k < D; k++) for (j = 0; j < H; j++) {
    s = 0;
    for (i = 0; i < N; i++) s += Xt[k][i] * d1[i][j];
    A(g->dW1,k,j) = s + 2 * reg * A(net->W1,k,j);
  }

  // db1
  for (j = 0; j < H; j++) { s = 0; for (i = N; i-- > 0; ) s += d1[i][j]; gsl_vector_set(g->db1, j, s); }

  g->present = BP_GRADS_ALL;
  return 0;
}
