/*
 * backward.c  (two-layer net, HW 3)
 *
 * Layout: I hold the batch gradients transposed, one example per column,
 * like in octave:  G2 = dz2' (C x N),  G1 = dp1' then dz1' (H x N, same
 * buffer, relu applied in place).  Transposed back with
 * gsl_matrix_transpose_memcpy when storing into g.
 */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* v[r] = sum of row r of A */
static void sum_rows(const gsl_matrix *A, gsl_vector *v)
{
    size_t r, c;
    for (r = 0; r < A->size1; r++)
    {
        double acc = 0.0;
        for (c = 0; c < A->size2; c++)
            acc += A->data[r * A->tda + c];
        gsl_vector_set(v, r, acc);
    }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t n, h;
    gsl_matrix *G2, *G1, *GW2, *GW1;

    if (N != cache->N || X->size2 != D)
        return 1;

    G2  = gsl_matrix_alloc(C, N);
    G1  = gsl_matrix_alloc(H, N);
    GW2 = gsl_matrix_alloc(C, H);
    GW1 = gsl_matrix_alloc(H, D);

    /* output layer */
    gsl_matrix_transpose_memcpy(G2, cache->prob);
    for (n = 0; n < N; n++)
        G2->data[y[n] * G2->tda + n] -= 1.0;
    gsl_matrix_scale(G2, 1.0 / N);
    gsl_matrix_transpose_memcpy(g->dz2, G2);

    gsl_matrix_transpose_memcpy(GW2, net->W2);
    gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, G2, cache->p1, 2.0 * reg, GW2);
    gsl_matrix_transpose_memcpy(g->dW2, GW2);
    sum_rows(G2, g->db2);

    /* hidden layer */
    gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, net->W2, G2, 0.0, G1);
    gsl_matrix_transpose_memcpy(g->dp1, G1);
    sum_rows(G1, g->db1);

    for (h = 0; h < H; h++)
        for (n = 0; n < N; n++)
            if (gsl_matrix_get(cache->z1, n, h) <= 0.0)
                G1->data[h * G1->tda + n] = 0.0;
    gsl_matrix_transpose_memcpy(g->dz1, G1);

    gsl_matrix_transpose_memcpy(GW1, net->W1);
    gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, G1, X, 2.0 * reg, GW1);
    gsl_matrix_transpose_memcpy(g->dW1, GW1);

    gsl_matrix_free(G2);
    gsl_matrix_free(G1);
    gsl_matrix_free(GW2);
    gsl_matrix_free(GW1);
    g->present = BP_GRADS_ALL;
    return 0;
}
