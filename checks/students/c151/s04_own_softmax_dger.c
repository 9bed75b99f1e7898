/* backward pass, sample by sample (rank-1 updates).
   softmax recomputed from z2 myself, stable version. */
#include <math.h>
#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

#define REP(i, n) for (size_t i = 0; i < (size_t) (n); ++i)
#define FOR(i, a, b) for (size_t i = (a); i < (size_t) (b); ++i)
#define mx(a, b) ((a) > (b) ? (a) : (b))

typedef gsl_vector_view vv;
typedef gsl_vector_const_view cv;

/* o = softmax(z), k entries, contiguous */
static inline void smax(const double *z, size_t k, double *o) {
  double m = z[0], s = 0;
  FOR(j, 1, k) m = mx(m, z[j]);
  REP(j, k) s += (o[j] = exp(z[j] - m));
  REP(j, k) o[j] /= s;
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g) {
  size_t n = X->size1, h = net->H, c = net->C;
  if (n != cache->N || g->N != n || X->size2 != net->D) return 1;

  /* start param grads at the reg part 2*reg*W, biases at 0 */
  gsl_matrix_memcpy(g->dW2, net->W2); gsl_matrix_scale(g->dW2, 2 * reg);
  gsl_matrix_memcpy(g->dW1, net->W1); gsl_matrix_scale(g->dW1, 2 * reg);
  gsl_vector_set_zero(g->db2); gsl_vector_set_zero(g->db1);

  REP(i, n) {
    /* dz2_i = (softmax(z2_i) - e_y) / n */
    double *d2 = gsl_matrix_ptr(g->dz2, i, 0);
    smax(gsl_matrix_const_ptr(cache->z2, i, 0), c, d2);
    d2[y[i]] -= 1;
    REP(j, c) d2[j] /= (double) n;

    vv r2 = gsl_matrix_row(g->dz2, i);
    cv p = gsl_matrix_const_row(cache->p1, i);
    gsl_blas_dger(1.0, &p.vector, &r2.vector, g->dW2);   /* dW2 += p1_i dz2_i' */
    gsl_vector_add(g->db2, &r2.vector);

    /* dp1_i = W2 dz2_i */
    vv q = gsl_matrix_row(g->dp1, i);
    gsl_blas_dgemv(CblasNoTrans, 1.0, net->W2, &r2.vector, 0.0, &q.vector);

    /* relu: p1 > 0 same as z1 > 0 */
    REP(j, h) gsl_matrix_set(g->dz1, i, j, gsl_vector_get(&p.vector, j) > 0 ? gsl_vector_get(&q.vector, j) : 0);

    vv r1 = gsl_matrix_row(g->dz1, i);
    cv x = gsl_matrix_const_row(X, i);
    gsl_blas_dger(1.0, &x.vector, &r1.vector, g->dW1);   /* dW1 += x_i dz1_i' */
    gsl_vector_add(g->db1, &r1.vector);
  }

  g->present = BP_GRADS_ALL;
  return 0;
}
