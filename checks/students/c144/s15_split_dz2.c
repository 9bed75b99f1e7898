/* backward.c    HW5 / problem 3: gradients of the two-layer net
 *
 *   (3.1)  dL/dz2_ik = ( p_ik - delta_{k,y_i} ) / N
 *   (3.2)  dL/dW2    = p1^T dz2 + 2 reg W2
 *   (3.3)  dL/db2    = sum_i dz2_i
 *   (3.4)  dL/dp1    = dz2 W2^T
 *   (3.5)  dL/dz1    = dL/dp1 * u(z1),  u = unit step
 *   (3.6)  dL/dW1    = X^T dz1 + 2 reg W1
 *   (3.7)  dL/db1    = sum_i dz1_i
 */
#include "backprop/net.h"
#include "backprop/grads.h"

#define GET(A, i, j)      gsl_matrix_get(A, i, j)
#define PUT(A, i, j, v)   gsl_matrix_set(A, i, j, v)
#define STEP(x)           ((x) > 0.0 ? 1.0 : 0.0)

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t i, j, k;
    double acc;

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    /* (3.1) */
    for (i = 0; i < N; i++)
        for (k = 0; k < C; k++)
            PUT(g->dz2, i, k,
                GET(cache->prob, i, k) / (double) N
                - (k == y[i] ? 1.0 : 0.0));

    /* (3.2), (3.3) */
    for (k = 0; k < C; k++) {
        for (j = 0; j < H; j++) {
            acc = 0.0;
            for (i = 0; i < N; i++)
                acc += GET(cache->p1, i, j) * GET(g->dz2, i, k);
            PUT(g->dW2, j, k, acc + 2.0e0 * reg * GET(net->W2, j, k));
        }
        acc = 0.0;
        for (i = 0; i < N; i++)
            acc += GET(g->dz2, i, k);
        gsl_vector_set(g->db2, k, acc);
    }

    /* (3.4), (3.5) */
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++) {
            acc = 0.0;
            for (k = 0; k < C; k++)
                acc += GET(g->dz2, i, k) * GET(net->W2, j, k);
            PUT(g->dp1, i, j, acc);
            PUT(g->dz1, i, j, acc * STEP(GET(cache->z1, i, j)));
        }

    /* (3.6), (3.7) */
    for (j = 0; j < H; j++) {
        for (k = 0; k < D; k++) {
            acc = 0.0;
            for (i = 0; i < N; i++)
                acc += GET(X, i, k) * GET(g->dz1, i, j);
            PUT(g->dW1, k, j, acc + 2.0e0 * reg * GET(net->W1, k, j));
        }
        acc = 0.0;
        for (i = 0; i < N; i++)
            acc += GET(g->dz1, i, j);
        gsl_vector_set(g->db1, j, acc);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
