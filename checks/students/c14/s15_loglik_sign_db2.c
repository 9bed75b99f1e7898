/*
 * backward.c  (Ines Moreau, TD4)
 *
 * I think in terms of the log-likelihood: for the softmax,
 *     d log p_y / d s_k = 1{k = y} - p_k,
 * which I keep in `g_ll` (my own softmax, recomputed from the scores).
 * The loss is MINUS the mean log-likelihood, so every gradient coming out
 * of g_ll picks up a factor -1/N; I put it into alpha of each BLAS call.
 */
#include <math.h>
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, H = net->H, C = net->C;
    size_t i, j, k;
    double f = -1.0 / (double) N;
    gsl_matrix *g_ll = gsl_matrix_alloc(N, C);

    /* my softmax, and 1{k=y} - p */
    for (i = 0; i < N; i++) {
        double mx = gsl_matrix_get(cache->z2, i, 0), z = 0.0;
        for (k = 1; k < C; k++)
            if (gsl_matrix_get(cache->z2, i, k) > mx)
                mx = gsl_matrix_get(cache->z2, i, k);
        for (k = 0; k < C; k++)
            z += exp(gsl_matrix_get(cache->z2, i, k) - mx);
        for (k = 0; k < C; k++) {
            double p = exp(gsl_matrix_get(cache->z2, i, k) - mx) / z;
            gsl_matrix_set(g_ll, i, k, (k == y[i] ? 1.0 : 0.0) - p);
        }
    }

    /* dz2 */
    gsl_matrix_memcpy(g->dz2, g_ll);
    gsl_matrix_scale(g->dz2, f);

    /* dW2 = -1/N p1' g_ll + 2 reg W2 */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, f, cache->p1, g_ll, 2.0 * reg, g->dW2);

    /* db2 */
    for (k = 0; k < C; k++) {
        double s = 0.0;
        for (i = 0; i < N; i++)
            s += gsl_matrix_get(g_ll, i, k);
        gsl_vector_set(g->db2, k, s / (double) N);
    }

    /* dp1 = -1/N g_ll W2' */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, f, g_ll, net->W2, 0.0, g->dp1);

    /* dz1 */
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
            gsl_matrix_set(g->dz1, i, j,
                           gsl_matrix_get(cache->p1, i, j) > 0.0 ? gsl_matrix_get(g->dp1, i, j) : 0.0);

    /* dW1 = X' dz1 + 2 reg W1 (dz1 already carries the -1/N) */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

    /* db1 */
    for (j = 0; j < H; j++) {
        double s = 0.0;
        for (i = 0; i < N; i++)
            s += gsl_matrix_get(g->dz1, i, j);
        gsl_vector_set(g->db1, j, s);
    }

    gsl_matrix_free(g_ll);
    g->present = BP_GRADS_ALL;
    return 0;
}
