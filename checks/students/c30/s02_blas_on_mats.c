// HW3 -- two layer net, backward.c
// Tomas Lindqvist
//
// My own matrices (struct mat below) so that I always know the memory is
// contiguous, but the matrix products go through gsl_blas_dgemm on views
// of my buffers, because my triple loops were slow on the big net.
// Order I use for the weights: start dW from the regulariser 2*reg*W and
// let dgemm add X^T*delta on top (beta = 1).

#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

struct mat {
    size_t r, c;
    double *d;
};

#define EL(m, i, j) ((m).d[(i) * (m).c + (j)])

static struct mat mk(size_t r, size_t c)
{
    struct mat m = { r, c, malloc(r * c * sizeof(double)) };
    return m;
}

static struct mat copy_in(const gsl_matrix *a)
{
    struct mat m = mk(a->size1, a->size2);
    for (size_t i = 0; i < a->size1; i++)
        memcpy(&EL(m, i, 0), a->data + i * a->tda, a->size2 * sizeof(double));
    return m;
}

static void copy_out(gsl_matrix *a, struct mat m)
{
    for (size_t i = 0; i < m.r; i++)
        memcpy(a->data + i * a->tda, &EL(m, i, 0), m.c * sizeof(double));
}

static gsl_matrix_view V(struct mat m)
{
    return gsl_matrix_view_array(m.d, m.r, m.c);
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;
    size_t D = net->D, H = net->H, C = net->C;
    size_t i, j;

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    struct mat x = copy_in(X);
    struct mat h = copy_in(cache->p1);
    struct mat z1 = copy_in(cache->z1);
    struct mat prob = copy_in(cache->prob);
    struct mat w1 = copy_in(net->W1);
    struct mat w2 = copy_in(net->W2);

    // ---- output layer
    struct mat dz2 = mk(N, C);
    for (i = 0; i < N; i++)
        for (j = 0; j < C; j++)
            EL(dz2, i, j) = (EL(prob, i, j) - (j == y[i] ? 1.0 : 0.0)) / (double)N;

    struct mat dw2 = mk(H, C);
    for (i = 0; i < H * C; i++)
        dw2.d[i] = 2.0 * reg * w2.d[i];
    {
        gsl_matrix_view hv = V(h), dv = V(dz2), wv = V(dw2);
        gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, &hv.matrix, &dv.matrix,
                       1.0, &wv.matrix);
    }

    double *db2 = calloc(C, sizeof(double));
    for (i = 0; i < N; i++)
        for (j = 0; j < C; j++)
            db2[j] += EL(dz2, i, j);

    // ---- hidden layer
    struct mat dh = mk(N, H);
    {
        gsl_matrix_view dv = V(dz2), wv = V(w2), hv = V(dh);
        gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, &dv.matrix, &wv.matrix,
                       0.0, &hv.matrix);
    }

    struct mat dz1 = mk(N, H);
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
            EL(dz1, i, j) = EL(z1, i, j) <= 0.0 ? 0.0 : EL(dh, i, j);

    struct mat dw1 = mk(D, H);
    for (i = 0; i < D * H; i++)
        dw1.d[i] = 2.0 * reg * w1.d[i];
    {
        gsl_matrix_view xv = V(x), dv = V(dz1), wv = V(dw1);
        gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, &xv.matrix, &dv.matrix,
                       1.0, &wv.matrix);
    }

    double *db1 = calloc(H, sizeof(double));
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
            db1[j] += EL(dz1, i, j);

    // ---- back into gsl
    copy_out(g->dz2, dz2);
    copy_out(g->dW2, dw2);
    copy_out(g->dp1, dh);
    copy_out(g->dz1, dz1);
    copy_out(g->dW1, dw1);
    for (j = 0; j < C; j++)
        gsl_vector_set(g->db2, j, db2[j]);
    for (j = 0; j < H; j++)
        gsl_vector_set(g->db1, j, db1[j]);

    // TODO free in one place (valgrind said I leak 13 blocks)
    free(x.d); free(h.d); free(z1.d); free(prob.d); free(w1.d); free(w2.d);
    free(dz2.d); free(dw2.d); free(dh.d); free(dz1.d); free(dw1.d);
    free(db2); free(db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
