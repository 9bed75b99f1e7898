/* backward pass, two layer net -- row pointers into ->data
 * (row i of a gsl_matrix m starts at m->data + i * m->tda) */

#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g) {
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t i, a, b;
    double *out;
    const double *row, *grow;

    if (N != cache->N || X->size2 != D || g->N != N) return 1;

    /* Compute the gradient of the loss w.r.t. the scores */
    for (i = 0; i < N; i++) {
        row = cache->prob->data + i * cache->prob->tda;
        out = g->dz2->data + i * g->dz2->tda;
        for (b = 0; b < C; b++)
            out[b] = (row[b] - (b == y[i] ? 1.0 : 0.0)) / (double)N;
    }

    /* W2 (H x C): p1^T dz2 + 2*reg*W2 */
    for (a = 0; a < H; a++) {
        out = g->dW2->data + a * g->dW2->tda;
        row = net->W2->data + a * net->W2->tda;
        for (b = 0; b < C; b++) out[b] = 2.0 * reg * row[b];
        for (i = 0; i < N; i++) {
            double p = cache->p1->data[i * cache->p1->tda + a];
            grow = g->dz2->data + i * g->dz2->tda;
            for (b = 0; b < C; b++) out[b] += p * grow[b];
        }
    }
    /* b2 */
    for (b = 0; b < C; b++) {
        double s = 0.0;
        for (i = 0; i < N; i++) s += g->dz2->data[i * g->dz2->tda + b];
        gsl_vector_set(g->db2, b, s);
    }

    /* hidden: dp1 = dz2 W2^T, then the relu */
    for (i = 0; i < N; i++) {
        grow = g->dz2->data + i * g->dz2->tda;
        for (a = 0; a < H; a++) {
            double s = 0.0;
            row = net->W2->data + a * net->W2->tda;
            for (b = 0; b < C; b++) s += grow[b] * row[b];
            g->dp1->data[i * g->dp1->tda + a] = s;
            g->dz1->data[i * g->dz1->tda + a] =
                cache->z1->data[i * cache->z1->tda + a] > 0 ? s : 0.0;
        }
    }

    /* W1 (D x H): X^T dz1 + 2*reg*W1 */
    for (a = 0; a < D; a++) {
        out = g->dW1->data + a * g->dW1->tda;
        row = net->W1->data + a * net->W1->tda;
        for (b = 0; b < H; b++) out[b] = 2.0 * reg * row[b];
        for (i = 0; i < N; i++) {
            double x = X->data[i * X->tda + a];
            grow = g->dz1->data + i * g->dz1->tda;
            for (b = 0; b < H; b++) out[b] += x * grow[b];
        }
    }
    /* b1 */
    for (b = 0; b < H; b++) {
        double s = 0.0;
        for (i = 0; i < N - 1; i++) s += g->dz1->data[i * g->dz1->tda + b];
        gsl_vector_set(g->db1, b, s);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
