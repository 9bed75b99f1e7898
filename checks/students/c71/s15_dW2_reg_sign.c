/*
 * backward() for the 2-layer net.
 * Float copies of the weights, double GSL matrices for the output.
 */
#include <stdlib.h>
#include "backprop/net.h"
#include "backprop/grads.h"

#define IDX(r, c, ld) ((r) * (ld) + (c))

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

static float *floats_of(const gsl_matrix *m)
{
    float *f = malloc(m->size1 * m->size2 * sizeof *f);
    if (f != NULL)
        for (size_t r = 0; r < m->size1; r++)
            for (size_t c = 0; c < m->size2; c++)
                f[IDX(r, c, m->size2)] = (float)m->data[r * m->tda + c];
    return f;
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    const size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    float *W1 = floats_of(net->W1), *W2 = floats_of(net->W2);
    float *A1 = floats_of(cache->p1), *Xf = floats_of(X);
    float *G = floats_of(cache->prob);     /* prob -> dz2 in place */
    float *Gh = malloc(N * H * sizeof *Gh);
    const float lam = (float)reg;

    if (!W1 || !W2 || !A1 || !Xf || !G || !Gh) {
        free(W1); free(W2); free(A1); free(Xf); free(G); free(Gh);
        return 1;
    }

    for (size_t n = 0; n < N; n++) {
        G[IDX(n, y[n], C)] -= 1.0f;
        for (size_t c = 0; c < C; c++) {
            G[IDX(n, c, C)] /= (float)N;
            gsl_matrix_set(g->dz2, n, c, G[IDX(n, c, C)]);
        }
    }

    /* dW2 = A1^T G, plus the weight decay */
    for (size_t h = 0; h < H; h++)
        for (size_t c = 0; c < C; c++) {
            double s = 0.0;
            for (size_t n = 0; n < N; n++)
                s += A1[IDX(n, h, H)] * G[IDX(n, c, C)];
            s -= 2.0f * lam * W2[IDX(h, c, C)];
            gsl_matrix_set(g->dW2, h, c, s);
        }
    for (size_t c = 0; c < C; c++) {
        double s = 0.0;
        for (size_t n = 0; n < N; n++)
            s += G[IDX(n, c, C)];
        gsl_vector_set(g->db2, c, s);
    }

    for (size_t n = 0; n < N; n++)
        for (size_t h = 0; h < H; h++) {
            double s = 0.0;
            for (size_t c = 0; c < C; c++)
                s += G[IDX(n, c, C)] * W2[IDX(h, c, C)];
            gsl_matrix_set(g->dp1, n, h, s);
            Gh[IDX(n, h, H)] = gsl_matrix_get(cache->z1, n, h) > 0.0 ? (float)s : 0.0f;
            gsl_matrix_set(g->dz1, n, h, Gh[IDX(n, h, H)]);
        }

    for (size_t d = 0; d < D; d++)
        for (size_t h = 0; h < H; h++) {
            double s = 0.0;
            for (size_t n = 0; n < N; n++)
                s += Xf[IDX(n, d, D)] * Gh[IDX(n, h, H)];
            gsl_matrix_set(g->dW1, d, h, s + 2.0 * lam * W1[IDX(d, h, H)]);
        }
    for (size_t h = 0; h < H; h++) {
        double s = 0.0;
        for (size_t n = 0; n < N; n++)
            s += Gh[IDX(n, h, H)];
        gsl_vector_set(g->db1, h, s);
    }

    free(W1); free(W2); free(A1); free(Xf); free(G); free(Gh);
    g->present = BP_GRADS_ALL;
    return 0;
}
