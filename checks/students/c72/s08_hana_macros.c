#include "backprop.h"

/* H. Sato  --  ML hw 3 */

#define G(m,i,j)    gsl_matrix_get((m),(i),(j))
#define S(m,i,j,v)  gsl_matrix_set((m),(i),(j),(v))
#define FOR(i,n)    for (size_t i = 0; i < (n); i++)

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    const size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    if (N != cache->N || X->size2 != D || g->N != N) return 1;

    FOR(i,N) FOR(c,C)
        S(g->dz2, i, c, (G(cache->prob,i,c) - (c == y[i])) / N);

    FOR(h,H) FOR(c,C) {
        double a = 0;
        FOR(i,N) a += G(cache->p1,i,h) * G(g->dz2,i,c);
        S(g->dW2, h, c, a - 2*reg*G(net->W2,h,c));
    }
    FOR(c,C) {
        double a = 0;
        FOR(i,N) a += G(g->dz2,i,c);
        gsl_vector_set(g->db2, c, a);
    }

    FOR(i,N) FOR(h,H) {
        double a = 0;
        FOR(c,C) a += G(g->dz2,i,c) * G(net->W2,h,c);
        S(g->dp1, i, h, a);
        S(g->dz1, i, h, G(cache->z1,i,h) > 0 ? a : 0);
    }

    FOR(d,D) FOR(h,H) {
        double a = 0;
        FOR(i,N) a += G(X,i,d) * G(g->dz1,i,h);
        S(g->dW1, d, h, a + 2*reg*G(net->W1,d,h));
    }
    FOR(h,H) {
        double a = 0;
        FOR(i,N) a += G(g->dz1,i,h);
        gsl_vector_set(g->db1, h, a);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
