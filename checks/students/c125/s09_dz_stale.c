/*
 * backward.c - two layer net, backprop by hand
 * Aiko Tanaka, ML course, exercise 5
 *
 * helpers:
 *   matvec_rows(W, v, out)  out = W v       (W is H x C, v has C entries)
 *   outer_add(A, u, v)      A += u v^T
 * The main loop works on one sample at a time, the temporaries are
 * allocated once outside the loop.
 */
#include <stdlib.h>
#include "backprop/net.h"
#include "backprop/grads.h"

static void matvec_rows(const gsl_matrix *W, const double *v, double *out)
{
    size_t r, c;
    for (r = 0; r < W->size1; r++) {
        out[r] = 0.0;
        for (c = 0; c < W->size2; c++)
            out[r] += gsl_matrix_get(W, r, c) * v[c];
    }
}

static void outer_add(gsl_matrix *A, const double *u, const double *v)
{
    size_t r, c;
    for (r = 0; r < A->size1; r++)
        for (c = 0; c < A->size2; c++)
            *gsl_matrix_ptr(A, r, c) += u[r] * v[c];
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, H = net->H, C = net->C, i, j, k;
    double *dout = malloc(C * sizeof(double));
    double *dh = malloc(H * sizeof(double));
    double *dz = calloc(H, sizeof(double));
    int rc = 0;

    if (!dout || !dh || !dz) {
        rc = 1;
        goto done;
    }

    gsl_vector_set_zero(g->dtheta);

    for (i = 0; i < N; i++) {
        for (k = 0; k < C; k++)
            dout[k] = (gsl_matrix_get(cache->prob, i, k) - (k == y[i] ? 1.0 : 0.0)) / N;

        matvec_rows(net->W2, dout, dh);
        for (j = 0; j < H; j++)          /* relu backward */
            if (gsl_matrix_get(cache->z1, i, j) > 0) dz[j] = dh[j];

        for (k = 0; k < C; k++) {
            gsl_matrix_set(g->dz2, i, k, dout[k]);
            *gsl_vector_ptr(g->db2, k) += dout[k];
        }
        for (j = 0; j < H; j++) {
            gsl_matrix_set(g->dp1, i, j, dh[j]);
            gsl_matrix_set(g->dz1, i, j, dz[j]);
            *gsl_vector_ptr(g->db1, j) += dz[j];
        }
        outer_add(g->dW2, cache->p1->data + i * cache->p1->tda, dout);
        outer_add(g->dW1, X->data + i * X->tda, dz);
    }

    /* weight decay */
    for (j = 0; j < H; j++)
        for (k = 0; k < C; k++)
            *gsl_matrix_ptr(g->dW2, j, k) += 2 * reg * gsl_matrix_get(net->W2, j, k);
    for (i = 0; i < net->D; i++)
        for (j = 0; j < H; j++)
            *gsl_matrix_ptr(g->dW1, i, j) += 2 * reg * gsl_matrix_get(net->W1, i, j);

done:
    free(dout);
    free(dh);
    free(dz);
    g->present = BP_GRADS_ALL;
    return rc;
}
