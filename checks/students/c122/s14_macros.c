/* HW5 -- backward pass of the 2-layer net
 * Kevin Martinez
 *
 * GET/SET are just shorter names for gsl_matrix_get/set, I got tired of typing them
 */
#include "backprop.h"

#define GET(m, i, j)    gsl_matrix_get((m), (i), (j))
#define SET(m, i, j, v) gsl_matrix_set((m), (i), (j), (v))

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    const size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t i, j, k;

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    /* dz2 = (softmax - onehot) / N */
    for (i = 0; i < N; i++)
        for (k = 0; k < C; k++)
            SET(g->dz2, i, k, (GET(cache->prob, i, k) - (y[i] == k)) / N);

    /* dW2 = h1^T dz2 + 2 reg W2,  h1 = hidden layer */
    for (j = 0; j < H; j++)
        for (k = 0; k < C; k++) {
            double sum = 0;
            for (i = 0; i < N; i++)
                sum += GET(cache->z1, i, j) * GET(g->dz2, i, k);
            SET(g->dW2, j, k, sum + 2 * reg * GET(net->W2, j, k));
        }

    /* db2 */
    for (k = 0; k < C; k++) {
        double sum = 0;
        for (i = 0; i < N; i++)
            sum += GET(g->dz2, i, k);
        gsl_vector_set(g->db2, k, sum);
    }

    /* dp1 = dz2 W2^T */
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++) {
            double sum = 0;
            for (k = 0; k < C; k++)
                sum += GET(g->dz2, i, k) * GET(net->W2, j, k);
            SET(g->dp1, i, j, sum);
        }

    /* dz1 = dp1 * (z1 > 0) */
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
            SET(g->dz1, i, j, GET(cache->z1, i, j) > 0 ? GET(g->dp1, i, j) : 0.0);

    /* dW1 = X^T dz1 + 2 reg W1 */
    for (i = 0; i < D; i++)
        for (j = 0; j < H; j++) {
            double sum = 0;
            for (k = 0; k < N; k++)
                sum += GET(X, k, i) * GET(g->dz1, k, j);
            SET(g->dW1, i, j, sum + 2 * reg * GET(net->W1, i, j));
        }

    /* db1 */
    for (j = 0; j < H; j++) {
        double sum = 0;
        for (i = 0; i < N; i++)
            sum += GET(g->dz1, i, j);
        gsl_vector_set(g->db1, j, sum);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
