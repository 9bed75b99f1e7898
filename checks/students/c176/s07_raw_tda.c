/* backward pass, HW3
 * Working on raw ->data with tda so I can see the strides.
 * probT = prob' and dscT = dz2' are both C x N (class per row, sample per
 * column).  hidT = dp1' / dz1' is H x N.
 */
#include <stdlib.h>
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t i, c, h, d;
    gsl_matrix *probT = gsl_matrix_alloc(C, N);
    gsl_matrix *dscT = gsl_matrix_alloc(C, N);
    gsl_matrix *hidT = gsl_matrix_alloc(H, N);
    double *pT = probT->data, *sT = dscT->data, *hT = hidT->data;
    size_t tp = probT->tda, ts = dscT->tda, th = hidT->tda;

    gsl_matrix_transpose_memcpy(probT, cache->prob);

    /* dscores' = (probT - onehot') / N */
    for (c = 0; c < C; c++)
        for (i = 0; i < N; i++)
            sT[c * ts + i] = (pT[c * tp + i] - (y[i] == c)) / (double) N;

    /* db2 = sum over samples */
    for (c = 0; c < C; c++) {
        double acc = 0.0;
        for (i = 0; i < N; i++)
            acc += pT[c * tp + i];
        g->db2->data[c * g->db2->stride] = acc;
    }

    /* dW2 (H x C): dW2[h][c] = sum_i p1[i][h] dscT[c][i] */
    for (h = 0; h < H; h++)
        for (c = 0; c < C; c++) {
            double acc = 0.0;
            for (i = 0; i < N; i++)
                acc += cache->p1->data[i * cache->p1->tda + h] * sT[c * ts + i];
            g->dW2->data[h * g->dW2->tda + c] =
                acc + 2.0 * reg * net->W2->data[h * net->W2->tda + c];
        }

    /* dp1' = W2 * dscT, (H x C)(C x N) */
    gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, net->W2, dscT, 0.0, hidT);
    gsl_matrix_transpose_memcpy(g->dp1, hidT);
    gsl_matrix_transpose_memcpy(g->dz2, dscT);

    /* relu, in place on hidT */
    for (h = 0; h < H; h++)
        for (i = 0; i < N; i++)
            if (cache->z1->data[i * cache->z1->tda + h] <= 0.0)
                hT[h * th + i] = 0.0;
    gsl_matrix_transpose_memcpy(g->dz1, hidT);

    /* dW1 (D x H) and db1 */
    for (h = 0; h < H; h++) {
        double acc = 0.0;
        for (i = 0; i < N; i++)
            acc += hT[h * th + i];
        g->db1->data[h * g->db1->stride] = acc;
        for (d = 0; d < D; d++) {
            double s = 0.0;
            for (i = 0; i < N; i++)
                s += X->data[i * X->tda + d] * hT[h * th + i];
            g->dW1->data[d * g->dW1->tda + h] =
                s + 2.0 * reg * net->W1->data[d * net->W1->tda + h];
        }
    }

    gsl_matrix_free(probT);
    gsl_matrix_free(dscT);
    gsl_matrix_free(hidT);
    g->present = BP_GRADS_ALL;
    return 0;
}
