/* backward.c -- Daniel Fischer
 *
 * Hidden activations are recomputed from z1 (relu) into my own matrix;
 * the gradient w.r.t. the hidden layer is built one sample at a time in a
 * row buffer `back` (one entry per hidden unit), as
 *     back[j] += dz2[i][c] * W2[j][c]   over the classes c,
 * then copied into dp1 and gated.
 */
#include <string.h>
#include <gsl/gsl_blas.h>
#include "backprop.h"

#define MAX_HIDDEN 1024

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    const size_t N = X->size1, H = net->H, C = net->C;
    double back[MAX_HIDDEN];
    gsl_matrix *hid;

    if (H > MAX_HIDDEN)
        return 1;

    /* relu of the cached pre-activation */
    hid = gsl_matrix_alloc(N, H);
    for (size_t i = 0; i < N; i++)
        for (size_t j = 0; j < H; j++) {
            double z = gsl_matrix_get(cache->z1, i, j);
            gsl_matrix_set(hid, i, j, z > 0 ? z : 0);
        }

    /* dz2 from the cached softmax */
    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (size_t i = 0; i < N; i++)
        gsl_matrix_set(g->dz2, i, y[i], gsl_matrix_get(g->dz2, i, y[i]) - 1.0);
    gsl_matrix_scale(g->dz2, 1.0 / (double) N);

    /* dW2 = hid' dz2 + 2 reg W2 ; db2 */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, hid, g->dz2, 2.0 * reg, g->dW2);
    for (size_t c = 0; c < C; c++) {
        gsl_vector_const_view col = gsl_matrix_const_column(g->dz2, c);
        double s = 0;
        for (size_t i = 0; i < N; i++)
            s += gsl_vector_get(&col.vector, i);
        gsl_vector_set(g->db2, c, s);
    }

    /* dp1 and dz1, sample by sample */
    memset(back, 0, sizeof back);
    for (size_t i = 0; i < N; i++) {
        for (size_t c = 0; c < C; c++) {
            double d = gsl_matrix_get(g->dz2, i, c);
            for (size_t j = 0; j < H; j++)
                back[j] += d * gsl_matrix_get(net->W2, j, c);
        }
        for (size_t j = 0; j < H; j++) {
            gsl_matrix_set(g->dp1, i, j, back[j]);
            gsl_matrix_set(g->dz1, i, j,
                           gsl_matrix_get(hid, i, j) > 0 ? gsl_matrix_get(g->dp1, i, j) : 0);
        }
    }

    /* dW1 = X' dz1 + 2 reg W1 ; db1 */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);
    for (size_t j = 0; j < H; j++) {
        gsl_vector_const_view col = gsl_matrix_const_column(g->dz1, j);
        double s = 0;
        for (size_t i = 0; i < N; i++)
            s += gsl_vector_get(&col.vector, i);
        gsl_vector_set(g->db1, j, s);
    }

    gsl_matrix_free(hid);
    g->present = BP_GRADS_ALL;
    return 0;
}
