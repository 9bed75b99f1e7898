// backward.c -- 2 layer net, float math, doubles only at the boundary
#include <math.h>
#include <stdlib.h>
#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    const size_t N = X->size1, H = net->H;

    // output layer in double via BLAS, it's tiny
    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (size_t i = 0; i < N; i++)
        gsl_matrix_set(g->dz2, i, y[i], gsl_matrix_get(g->dz2, i, y[i]) - 1.0);
    gsl_matrix_scale(g->dz2, 1.0 / (double)N);

    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2.0 * reg, g->dW2);
    gsl_vector_set_zero(g->db2);
    for (size_t i = 0; i < N; i++) {
        gsl_vector_const_view r = gsl_matrix_const_row(g->dz2, i);
        gsl_vector_add(g->db2, &r.vector);
    }
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    // relu backward in float
    float *dz = malloc(N * H * sizeof(float));
    if (!dz)
        return 1;
    for (size_t i = 0; i < N; i++)
        for (size_t j = 0; j < H; j++) {
            float up = (float)gsl_matrix_get(g->dp1, i, j);
            float z = (float)gsl_matrix_get(cache->z1, i, j);
            dz[i * H + j] = up * fmaxf(z, 0.0f);    // relu'(z) gate
            gsl_matrix_set(g->dz1, i, j, dz[i * H + j]);
        }

    // dW1 = X^T dz1 + 2 reg W1, db1 = colsum dz1
    for (size_t j = 0; j < H; j++) {
        float db = 0.0f;
        for (size_t i = 0; i < N; i++)
            db += dz[i * H + j];
        gsl_vector_set(g->db1, j, db);
        for (size_t d = 0; d < net->D; d++) {
            float acc = 2.0f * (float)reg * (float)gsl_matrix_get(net->W1, d, j);
            for (size_t i = 0; i < N; i++)
                acc += (float)gsl_matrix_get(X, i, d) * dz[i * H + j];
            gsl_matrix_set(g->dW1, d, j, acc);
        }
    }
    free(dz);
    g->present = BP_GRADS_ALL;
    return 0;
}
