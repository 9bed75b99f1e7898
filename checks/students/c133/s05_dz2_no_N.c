/*
 * Expt 7 - Backprop for 2 layer network
 * Roll no. 20EC1129
 */
#include "backprop.h"

#define MGET gsl_matrix_get
#define MSET gsl_matrix_set

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    int i, j, k;
    int N = (int)X->size1, D = (int)net->D, H = (int)net->H, C = (int)net->C;
    double s;

    if ((size_t)N != cache->N || X->size2 != net->D || g->N != (size_t)N)
        return 1;

    /* gradient of loss wrt scores: probs - 1 at correct class
       (average over N is taken in the loss) */
    for (i = 0; i < N; i++)
        for (j = 0; j < C; j++)
            MSET(g->dz2, i, j, MGET(cache->prob, i, j) - (j == (int)y[i] ? 1.0 : 0.0));

    /* dW2 */
    for (i = 0; i < H; i++)
        for (j = 0; j < C; j++) {
            s = 0;
            for (k = 0; k < N; k++)
                s = s + MGET(cache->p1, k, i) * MGET(g->dz2, k, j);
            MSET(g->dW2, i, j, s + 2 * reg * MGET(net->W2, i, j));
        }

    /* db2 */
    for (j = 0; j < C; j++) {
        s = 0;
        for (i = 0; i < N; i++)
            s = s + MGET(g->dz2, i, j);
        gsl_vector_set(g->db2, j, s);
    }

    /* dp1 */
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++) {
            s = 0;
            for (k = 0; k < C; k++)
                s = s + MGET(g->dz2, i, k) * MGET(net->W2, j, k);
            MSET(g->dp1, i, j, s);
        }

    /* dz1 (relu) */
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
            MSET(g->dz1, i, j, MGET(cache->z1, i, j) > 0 ? MGET(g->dp1, i, j) : 0.0);

    /* dW1 */
    for (i = 0; i < D; i++)
        for (j = 0; j < H; j++) {
            s = 0;
            for (k = 0; k < N; k++)
                s = s + MGET(X, k, i) * MGET(g->dz1, k, j);
            MSET(g->dW1, i, j, s + 2 * reg * MGET(net->W1, i, j));
        }

    /* db1 */
    for (j = 0; j < H; j++) {
        s = 0;
        for (i = 0; i < N; i++)
            s = s + MGET(g->dz1, i, j);
        gsl_vector_set(g->db1, j, s);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
