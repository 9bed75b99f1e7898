/* backward pass, plain loops on the raw arrays (rows are tda apart).
 * n samples, d inputs, h hidden, k classes.
 *   G  = (P - Y)/n            dW2 = A'G + 2r W2     db2 = 1'G
 *   Gh = G W2'                Gz  = Gh .* [Z1 > 0]
 *   dW1 = X'Gz + 2r W1        db1 = 1'Gz
 */
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include "backprop/net.h"
#include "backprop/grads.h"

#define M(A,i,j) ((A)->data[(i)*(A)->tda + (j)])
#define V(v,i)   ((v)->data[(i)*(v)->stride])

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
  size_t n = X->size1, d = net->D, h = net->H, k = net->C;
  size_t i, j, l;
  const gsl_matrix *P = cache->prob, *A = cache->p1, *Z = cache->z1;
  const gsl_matrix *W1 = net->W1, *W2 = net->W2;
  gsl_matrix *G = g->dz2, *Gh = g->dp1, *Gz = g->dz1;
  double s;

  for (i = 0; i < n; i++)
    for (j = 0; j < k; j++)
      M(G,i,j) = (M(P,i,j) - (j == y[i])) / n;

  for (l = 0; l < h; l++)
    for (j = 0; j < k; j++) {
      for (s = 0, i = 0; i < n; i++) s += M(A,i,l) * M(G,i,j);
      M(g->dW2,l,j) = s + 2*reg*M(W2,l,j);
    }
  for (j = 0; j < k; j++) {
    for (s = 0, i = 0; i < n; i++) s += M(G,i,j);
    V(g->db2,j) = s;
  }

  for (i = 0; i < n; i++)
    for (l = 0; l < h; l++) {
      for (s = 0, j = 0; j < k; j++) s += M(G,i,j) * M(W2,l,j);
      M(Gh,i,l) = s;
      M(Gz,i,l) = M(Z,i,l) > 0 ? s : 0.0;
    }

  for (l = 0; l < d; l++)
    for (j = 0; j < h; j++) {
      for (s = 0, i = 0; i < n; i++) s += M(X,i,l) * M(Gz,i,j);
      M(g->dW1,l,j) = s + 2*reg*M(W1,l,j);
    }
  for (j = 0; j < h; j++) {
    for (s = 0, i = 0; i < n; i++) s += M(Gz,i,j);
    V(g->db1,j) = s;
  }

  g->present = BP_GRADS_ALL;
  return 0;
}
