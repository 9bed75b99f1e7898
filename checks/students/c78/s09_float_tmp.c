/* lab 3 - backward */
#include <gsl/gsl_matrix.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t i, h, c, d;
    float invN = 1.0f / (float)N;

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    /* dz2 */
    for (i = 0; i < N; i++) {
        for (c = 0; c < C; c++) {
            double t = gsl_matrix_get(cache->prob, i, c);
            if (y[i] == c) t -= 1.0;
            gsl_matrix_set(g->dz2, i, c, t / N);
        }
    }

    /* dW2 = p1^T dz2 + 2 reg W2 */
    for (h = 0; h < H; h++) {
        for (c = 0; c < C; c++) {
            float acc = 0.0f;
            for (i = 0; i < N; i++)
                acc += gsl_matrix_get(cache->p1, i, h) * gsl_matrix_get(g->dz2, i, c);
            gsl_matrix_set(g->dW2, h, c, acc + 2.0 * reg * gsl_matrix_get(net->W2, h, c));
        }
    }

    /* db2 = mean of dz2 over the batch */
    for (c = 0; c < C; c++) {
        float acc = 0.0f;
        for (i = 0; i < N; i++)
            acc += gsl_matrix_get(g->dz2, i, c);
        gsl_vector_set(g->db2, c, acc * invN);
    }

    /* dp1 = dz2 W2^T */
    for (i = 0; i < N; i++) {
        for (h = 0; h < H; h++) {
            float acc = 0.0f;
            for (c = 0; c < C; c++)
                acc += gsl_matrix_get(g->dz2, i, c) * gsl_matrix_get(net->W2, h, c);
            gsl_matrix_set(g->dp1, i, h, acc);
        }
    }

    /* dz1 */
    for (i = 0; i < N; i++)
        for (h = 0; h < H; h++) {
            float z = gsl_matrix_get(cache->z1, i, h);
            gsl_matrix_set(g->dz1, i, h, z > 0.0f ? gsl_matrix_get(g->dp1, i, h) : 0.0);
        }

    /* dW1 = X^T dz1 + 2 reg W1 */
    for (d = 0; d < D; d++) {
        for (h = 0; h < H; h++) {
            float acc = 0.0f;
            for (i = 0; i < N; i++)
                acc += gsl_matrix_get(X, i, d) * gsl_matrix_get(g->dz1, i, h);
            gsl_matrix_set(g->dW1, d, h, acc + 2.0 * reg * gsl_matrix_get(net->W1, d, h));
        }
    }

    /* db1 */
    for (h = 0; h < H; h++) {
        float acc = 0.0f;
        for (i = 0; i < N; i++)
            acc += gsl_matrix_get(g->dz1, i, h);
        gsl_vector_set(g->db1, h, acc);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
