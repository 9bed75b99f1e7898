/* backward.c -- assignment 1, "the two layer net again, now in C"
 *
 * Ported from my numpy version (neural_net.py) as directly as I could,
 * the numpy line is in the comment above each block.
 * -- Alex Petrescu
 */
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;
    size_t D = net->D, H = net->H, C = net->C;

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    /* dscores = probs.copy(); dscores /= N; dscores[range(N), y] -= 1 */
    gsl_matrix_memcpy(g->dz2, cache->prob);
    gsl_matrix_scale(g->dz2, 1.0 / (double) N);
    for (size_t i = 0; i < N; i++) {
        double v = gsl_matrix_get(g->dz2, i, y[i]);
        gsl_matrix_set(g->dz2, i, y[i], v - 1.0);
    }

    /* grads['W2'] = h1.T.dot(dscores) + 2 * reg * W2 */
    for (size_t k = 0; k < H; k++)
        for (size_t j = 0; j < C; j++) {
            double s = 0.0;
            for (size_t i = 0; i < N; i++)
                s += gsl_matrix_get(cache->p1, i, k) * gsl_matrix_get(g->dz2, i, j);
            gsl_matrix_set(g->dW2, k, j, s + 2.0 * reg * gsl_matrix_get(net->W2, k, j));
        }

    /* grads['b2'] = np.sum(dscores, axis=0) */
    for (size_t j = 0; j < C; j++) {
        double s = 0.0;
        for (size_t i = 0; i < N; i++)
            s += gsl_matrix_get(g->dz2, i, j);
        gsl_vector_set(g->db2, j, s);
    }

    /* dh1 = dscores.dot(W2.T) */
    for (size_t i = 0; i < N; i++)
        for (size_t k = 0; k < H; k++) {
            double s = 0.0;
            for (size_t j = 0; j < C; j++)
                s += gsl_matrix_get(g->dz2, i, j) * gsl_matrix_get(net->W2, k, j);
            gsl_matrix_set(g->dp1, i, k, s);
        }

    /* dz1 = dh1.copy(); dz1[z1 <= 0] = 0 */
    gsl_matrix_memcpy(g->dz1, g->dp1);
    for (size_t i = 0; i < N; i++)
        for (size_t k = 0; k < H; k++)
            if (gsl_matrix_get(cache->z1, i, k) <= 0.0)
                gsl_matrix_set(g->dz1, i, k, 0.0);

    /* grads['W1'] = X.T.dot(dz1) + 2 * reg * W1 */
    for (size_t d = 0; d < D; d++)
        for (size_t k = 0; k < H; k++) {
            double s = 0.0;
            for (size_t i = 0; i < N; i++)
                s += gsl_matrix_get(X, i, d) * gsl_matrix_get(g->dz1, i, k);
            gsl_matrix_set(g->dW1, d, k, s + 2.0 * reg * gsl_matrix_get(net->W1, d, k));
        }

    /* grads['b1'] = np.sum(dz1, axis=0) */
    for (size_t k = 0; k < H; k++) {
        double s = 0.0;
        for (size_t i = 0; i < N; i++)
            s += gsl_matrix_get(g->dz1, i, k);
        gsl_vector_set(g->db1, k, s);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
