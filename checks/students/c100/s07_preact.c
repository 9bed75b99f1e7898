/*
 * Two-layer net, backward pass  (ML3 assignment 2)
 *
 * notation from the notes:
 *   hidden = max(0, X W1 + b1)     scores = hidden W2 + b2
 *   probs  = softmax(scores)
 */
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    /* dscores */
    for (size_t n = 0; n < N; n++) {
        for (size_t c = 0; c < C; c++) {
            double ds = gsl_matrix_get(cache->prob, n, c);
            if (c == y[n])
                ds = ds - 1;
            gsl_matrix_set(g->dz2, n, c, ds / N);
        }
    }

    /* dW2: hidden activations times dscores */
    for (size_t h = 0; h < H; h++) {
        for (size_t c = 0; c < C; c++) {
            double tmp = 0;
            for (size_t n = 0; n < N; n++)
                tmp += gsl_matrix_get(cache->z1, n, h) * gsl_matrix_get(g->dz2, n, c);
            tmp += 2 * reg * gsl_matrix_get(net->W2, h, c);
            gsl_matrix_set(g->dW2, h, c, tmp);
        }
    }

    /* db2 */
    for (size_t c = 0; c < C; c++) {
        double tmp = 0;
        for (size_t n = 0; n < N; n++)
            tmp += gsl_matrix_get(g->dz2, n, c);
        gsl_vector_set(g->db2, c, tmp);
    }

    /* dhidden, then through relu */
    for (size_t n = 0; n < N; n++) {
        for (size_t h = 0; h < H; h++) {
            double tmp = 0;
            for (size_t c = 0; c < C; c++)
                tmp += gsl_matrix_get(g->dz2, n, c) * gsl_matrix_get(net->W2, h, c);
            gsl_matrix_set(g->dp1, n, h, tmp);
            gsl_matrix_set(g->dz1, n, h, gsl_matrix_get(cache->p1, n, h) > 0 ? tmp : 0.0);
        }
    }

    /* dW1 */
    for (size_t d = 0; d < D; d++) {
        for (size_t h = 0; h < H; h++) {
            double tmp = 0;
            for (size_t n = 0; n < N; n++)
                tmp += gsl_matrix_get(X, n, d) * gsl_matrix_get(g->dz1, n, h);
            gsl_matrix_set(g->dW1, d, h, tmp + 2 * reg * gsl_matrix_get(net->W1, d, h));
        }
    }

    /* db1 */
    for (size_t h = 0; h < H; h++) {
        double tmp = 0;
        for (size_t n = 0; n < N; n++)
            tmp += gsl_matrix_get(g->dz1, n, h);
        gsl_vector_set(g->db1, h, tmp);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
