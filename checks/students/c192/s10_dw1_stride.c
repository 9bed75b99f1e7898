/* backward.c -- backprop for the 2 layer net
 * everything with macros, FOR(i,n) is just a shorter for loop */

#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

#define FOR(i, n)  for ((i) = 0; (i) < (n); (i)++)

#define XX(n,d)    X->data[(n)*X->tda+(d)]
#define W1(d,h)    net->W1->data[(d)*net->W1->tda+(h)]
#define W2(h,c)    net->W2->data[(h)*net->W2->tda+(c)]
#define Z1(n,h)    cache->z1->data[(n)*cache->z1->tda+(h)]
#define P1(n,h)    cache->p1->data[(n)*cache->p1->tda+(h)]
#define PR(n,c)    cache->prob->data[(n)*cache->prob->tda+(c)]

#define DZ2(n,c)   g->dz2->data[(n)*g->dz2->tda+(c)]
#define DW2(h,c)   g->dW2->data[(h)*g->dW2->tda+(c)]
#define DB2(c)     g->db2->data[(c)*g->db2->stride]
#define DP1(n,h)   g->dp1->data[(n)*g->dp1->tda+(h)]
#define DZ1(n,h)   g->dz1->data[(n)*g->dz1->tda+(h)]
#define DW1(d,h)   g->dW1->data[(d)*g->dW2->tda+(h)]
#define DB1(h)     g->db1->data[(h)*g->db1->stride]

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t n, d, h, c;

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    gsl_vector_set_zero(g->dtheta);   /* start clean, we use += below */

    FOR(n, N) FOR(c, C)
        DZ2(n, c) = (PR(n, c) - (c == y[n] ? 1.0 : 0.0)) / N;

    /* layer 2 */
    FOR(n, N) FOR(h, H) FOR(c, C)
        DW2(h, c) += P1(n, h) * DZ2(n, c);
    FOR(h, H) FOR(c, C)
        DW2(h, c) += 2 * reg * W2(h, c);
    FOR(n, N) FOR(c, C)
        DB2(c) += DZ2(n, c);

    /* back to the hidden layer */
    FOR(n, N) FOR(h, H) {
        double t = 0;
        FOR(c, C)
            t += DZ2(n, c) * W2(h, c);
        DP1(n, h) = t;
        DZ1(n, h) = Z1(n, h) > 0 ? t : 0;
    }

    /* layer 1 */
    FOR(d, D) FOR(h, H) {
        double t = 2 * reg * W1(d, h);
        FOR(n, N)
            t += XX(n, d) * DZ1(n, h);
        DW1(d, h) = t;
    }
    FOR(n, N) FOR(h, H)
        DB1(h) += DZ1(n, h);

    g->present = BP_GRADS_ALL;
    return 0;
}
