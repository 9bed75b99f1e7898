/* Two-layer net: backward pass.
 * Written against backprop's structs directly, all loops by pointer.
 * TODO: try cblas for the matrix products once this passes.
 */
#include <string.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    const size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    const double invN = 1.0 / (double) N;
    size_t i, j, k;

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    /* dz2 = (P - Y) / N */
    for (i = 0; i < N; i++) {
        const double *pr = cache->prob->data + i * cache->prob->tda;
        double *out = g->dz2->data + i * g->dz2->tda;
        for (k = 0; k < C; k++, pr++, out++)
            *out = (k == y[i]) ? (*pr - 1.0) * invN : *pr * invN;
    }

    /* dW2 = 2 reg W2, then add the outer products */
    {
        const double *w = net->W2->data;
        double *out = g->dW2->data;
        for (k = 0; k < H * C; k++)
            *out++ = 2.0 * reg * *w++;
    }
    for (i = 0; i < N; i++) {
        const double *a = cache->p1->data + i * cache->p1->tda;
        for (j = 0; j < H; j++, a++) {
            const double *b = g->dz2->data + i * g->dz2->tda;
            double *out = g->dW2->data + j * g->dW2->tda;
            for (k = 0; k < C; k++)
                *out++ += *a * *b++;
        }
    }

    /* db2 */
    memset(g->db2->data, 0, C * sizeof(double));
    for (i = 0; i < N; i++) {
        const double *b = g->dz2->data + i * g->dz2->tda;
        double *out = g->db2->data;
        for (k = 0; k < C; k++)
            *out++ += *b++;
    }

    /* dp1 = dz2 W2^T */
    for (i = 0; i < N; i++) {
        double *out = g->dp1->data + i * g->dp1->tda;
        for (j = 0; j < H; j++) {
            const double *b = g->dz2->data + i * g->dz2->tda;
            const double *w = net->W2->data + j * net->W2->tda;
            double s = 0.0;
            for (k = 0; k < C; k++)
                s += *b++ * *w++;
            *out++ = s;
        }
    }

    /* dz1 = dp1 masked by z1 > 0 */
    for (i = 0; i < N; i++) {
        const double *dp = g->dp1->data + i * g->dp1->tda;
        const double *z = cache->z1->data + i * cache->z1->tda;
        double *out = g->dz1->data + i * g->dz1->tda;
        for (j = 0; j < H; j++, z++)
            *out++ = (*z > 0.0) ? *dp++ : 0.0;
    }

    /* dW1 = 2 reg W1 + sum of outer products x_i^T dz1_i */
    {
        const double *w = net->W1->data;
        double *out = g->dW1->data;
        for (k = 0; k < D * H; k++)
            *out++ = 2.0 * reg * *w++;
    }
    for (i = 0; i < N; i++) {
        const double *a = X->data + i * X->tda;
        for (j = 0; j < D; j++, a++) {
            const double *b = g->dz1->data + i * g->dz1->tda;
            double *out = g->dW1->data + j * g->dW1->tda;
            for (k = 0; k < H; k++)
                *out++ += *a * *b++;
        }
    }

    /* db1 */
    memset(g->db1->data, 0, H * sizeof(double));
    for (i = 0; i < N; i++) {
        const double *b = g->dz1->data + i * g->dz1->tda;
        double *out = g->db1->data;
        for (j = 0; j < H; j++)
            *out++ += *b++;
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
