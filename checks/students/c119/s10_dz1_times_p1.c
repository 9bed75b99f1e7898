/* backward.c -- lab 4
 *
 * Forward was  z1 = X W1 + b1,  p1 = relu(z1),  z2 = p1 W2 + b2
 * so backward goes the other way.
 */
#include "backprop.h"

#define GET gsl_matrix_get
#define SET gsl_matrix_set

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = cache->N;
    size_t D = net->D;
    size_t H = net->H;
    size_t C = net->C;
    size_t a, b, c;
    double tmp;

    /* dL/dz2 */
    for (a = 0; a < N; a++)
        for (b = 0; b < C; b++) {
            tmp = GET(cache->prob, a, b);
            if (b == y[a])
                tmp -= 1.0;
            SET(g->dz2, a, b, tmp / N);
        }

    /* dL/dW2 */
    for (a = 0; a < H; a++)
        for (b = 0; b < C; b++) {
            tmp = 0.0;
            for (c = 0; c < N; c++)
                tmp += GET(cache->p1, c, a) * GET(g->dz2, c, b);
            SET(g->dW2, a, b, tmp + 2.0 * reg * GET(net->W2, a, b));
        }

    /* dL/db2 */
    for (b = 0; b < C; b++) {
        tmp = 0.0;
        for (a = 0; a < N; a++)
            tmp += GET(g->dz2, a, b);
        gsl_vector_set(g->db2, b, tmp);
    }

    /* dL/dp1 */
    for (a = 0; a < N; a++)
        for (b = 0; b < H; b++) {
            tmp = 0.0;
            for (c = 0; c < C; c++)
                tmp += GET(g->dz2, a, c) * GET(net->W2, b, c);
            SET(g->dp1, a, b, tmp);
        }

    /* dL/dz1 : back through the relu, times the relu */
    for (a = 0; a < N; a++)
        for (b = 0; b < H; b++)
            SET(g->dz1, a, b, GET(g->dp1, a, b) * GET(cache->p1, a, b));

    /* dL/dW1 */
    for (a = 0; a < D; a++)
        for (b = 0; b < H; b++) {
            tmp = 0.0;
            for (c = 0; c < N; c++)
                tmp += GET(X, c, a) * GET(g->dz1, c, b);
            SET(g->dW1, a, b, tmp + 2.0 * reg * GET(net->W1, a, b));
        }

    /* dL/db1 */
    for (b = 0; b < H; b++) {
        tmp = 0.0;
        for (a = 0; a < N; a++)
            tmp += GET(g->dz1, a, b);
        gsl_vector_set(g->db1, b, tmp);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
