/* backward.c: backprop for the two layer net, by hand.
 * buf = [ g_scores (N x C) | g_hidden (N x H) | g_pre (N x H) ]
 * Weight and bias gradients are accumulated straight into g.
 */
#include <stdlib.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t i, j, k;
    const double *w2 = net->W2->data;

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    double *buf = calloc(N * (C + 2 * H), sizeof(double));
    if (!buf)
        return 1;
    double *g_scores = buf;
    double *g_hidden = g_scores + N * C;
    double *g_pre = g_hidden + N * H;

    /* scores */
    for (i = 0; i < N; i++)
        for (k = 0; k < C; k++) {
            double p = gsl_matrix_get(cache->prob, i, k);
            if (k == y[i])
                p -= 1.0;
            g_scores[i * C + k] = p / N;
        }

    /* W2 and b2 */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_matrix_scale(g->dW2, 2.0 * reg);
    gsl_vector_set_zero(g->db2);
    for (i = 0; i < N; i++)
        for (k = 0; k < C; k++) {
            double d = g_scores[i * C + k];
            for (j = 0; j < H; j++)
                *gsl_matrix_ptr(g->dW2, j, k) += gsl_matrix_get(cache->p1, i, j) * d;
            *gsl_vector_ptr(g->db2, k) += d;
        }

    /* hidden: g_hidden = g_scores * W2^T, W2^T[k][j] */
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++) {
            double s = 0.0;
            for (k = 0; k < C; k++)
                s += g_scores[i * C + k] * w2[k * H + j];
            g_hidden[i * H + j] = s;
        }

    /* relu */
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
            g_pre[i * H + j] = gsl_matrix_get(cache->z1, i, j) > 0.0
                               ? g_hidden[i * H + j] : 0.0;

    /* W1 and b1 */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_matrix_scale(g->dW1, 2.0 * reg);
    gsl_vector_set_zero(g->db1);
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++) {
            double d = g_pre[i * H + j];
            for (k = 0; k < D; k++)
                *gsl_matrix_ptr(g->dW1, k, j) += gsl_matrix_get(X, i, k) * d;
            *gsl_vector_ptr(g->db1, j) += d;
        }

    for (i = 0; i < N; i++) {
        for (k = 0; k < C; k++)
            gsl_matrix_set(g->dz2, i, k, g_scores[i * C + k]);
        for (j = 0; j < H; j++) {
            gsl_matrix_set(g->dp1, i, j, g_hidden[i * H + j]);
            gsl_matrix_set(g->dz1, i, j, g_pre[i * H + j]);
        }
    }

    free(buf);
    g->present = BP_GRADS_ALL;
    return 0;
}
