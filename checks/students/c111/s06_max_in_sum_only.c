// hw4 -- backward()
// softmax recomputed here with the max trick (cache->prob not trusted)

#include <math.h>
#include <stdlib.h>
#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

static void stable_softmax(const double *z, double *p, size_t C)
{
    double mx = z[0], sum = 0.0;
    for (size_t k = 1; k < C; k++)
        if (z[k] > mx) mx = z[k];
    for (size_t k = 0; k < C; k++)
        sum += exp(z[k] - mx);          // shift so exp can't blow up
    for (size_t k = 0; k < C; k++)
        p[k] = exp(z[k]) / sum;
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    const size_t N = X->size1, H = net->H, C = net->C;
    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    double *row = malloc(C * sizeof(double));
    double *p = malloc(C * sizeof(double));
    if (!row || !p) { free(row); free(p); return 1; }

    // dz2 = (p - 1[y]) / N
    for (size_t i = 0; i < N; i++) {
        for (size_t k = 0; k < C; k++)
            row[k] = gsl_matrix_get(cache->z2, i, k);
        stable_softmax(row, p, C);
        p[y[i]] -= 1.0;
        for (size_t k = 0; k < C; k++)
            gsl_matrix_set(g->dz2, i, k, p[k] / N);
    }
    free(row);
    free(p);

    // dW2 and db2
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0, g->dW2);
    for (size_t j = 0; j < H; j++)
        for (size_t k = 0; k < C; k++)
            gsl_matrix_set(g->dW2, j, k, gsl_matrix_get(g->dW2, j, k)
                           + 2 * reg * gsl_matrix_get(net->W2, j, k));
    for (size_t k = 0; k < C; k++) {
        double s = 0;
        for (size_t i = 0; i < N; i++) s += gsl_matrix_get(g->dz2, i, k);
        gsl_vector_set(g->db2, k, s);
    }

    // dp1, dz1
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);
    gsl_matrix_memcpy(g->dz1, g->dp1);
    for (size_t i = 0; i < N; i++)
        for (size_t j = 0; j < H; j++)
            if (gsl_matrix_get(cache->z1, i, j) <= 0)
                gsl_matrix_set(g->dz1, i, j, 0);

    // dW1 and db1
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);
    for (size_t d = 0; d < net->D; d++)
        for (size_t j = 0; j < H; j++)
            gsl_matrix_set(g->dW1, d, j, gsl_matrix_get(g->dW1, d, j)
                           + 2 * reg * gsl_matrix_get(net->W1, d, j));
    for (size_t j = 0; j < H; j++) {
        double s = 0;
        for (size_t i = 0; i < N; i++) s += gsl_matrix_get(g->dz1, i, j);
        gsl_vector_set(g->db1, j, s);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
