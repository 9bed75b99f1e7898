/* backward.c -- Tomasz Zielinski, NN lab 4
 *
 * run_net() redoes the forward pass and hands back a Forward struct
 * (z1, h, scores, out = softmax).  backward() uses nothing but that struct
 * plus the parameters.  The relu gate is taken from z1.
 */
#include <math.h>
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

typedef struct Forward {
    gsl_matrix *z1;       /* (N,H) */
    gsl_matrix *h;        /* (N,H) */
    gsl_matrix *scores;   /* (N,C) */
    gsl_matrix *out;      /* (N,C) softmax of scores */
} Forward;

static void add_bias(gsl_matrix *M, const gsl_vector *b)
{
    for (size_t r = 0; r < M->size1; r++) {
        gsl_vector_view row = gsl_matrix_row(M, r);
        gsl_vector_add(&row.vector, b);
    }
}

static void softmax_rows(const gsl_matrix *S, gsl_matrix *P)
{
    for (size_t r = 0; r < S->size1; r++) {
        gsl_vector_const_view s = gsl_matrix_const_row(S, r);
        double mx = gsl_vector_max(&s.vector), tot = 0;
        for (size_t c = 0; c < S->size2; c++) {
            double e = exp(gsl_matrix_get(S, r, c) - mx);
            gsl_matrix_set(P, r, c, e);
            tot += e;
        }
        gsl_vector_view p = gsl_matrix_row(P, r);
        gsl_vector_scale(&p.vector, 1.0 / tot);
    }
}

static Forward run_net(const bp_net *net, const gsl_matrix *X)
{
    const size_t N = X->size1;
    Forward f;
    f.z1 = gsl_matrix_alloc(N, net->H);
    f.h = gsl_matrix_alloc(N, net->H);
    f.scores = gsl_matrix_alloc(N, net->C);
    f.out = gsl_matrix_alloc(N, net->C);

    gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, X, net->W1, 0.0, f.z1);
    add_bias(f.z1, net->b1);

    /* h = relu(z1) */
    gsl_matrix_memcpy(f.h, f.z1);
    for (size_t i = 0; i < N; i++)
        for (size_t j = 0; j < net->H; j++)
            if (gsl_matrix_get(f.z1, i, j) < 0.0)
                gsl_matrix_set(f.z1, i, j, 0.0);

    gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, f.h, net->W2, 0.0, f.scores);
    add_bias(f.scores, net->b2);
    softmax_rows(f.scores, f.out);
    return f;
}

static void free_forward(Forward *f)
{
    gsl_matrix_free(f->z1);
    gsl_matrix_free(f->h);
    gsl_matrix_free(f->scores);
    gsl_matrix_free(f->out);
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    const size_t N = X->size1;
    (void) cache;
    Forward f = run_net(net, X);

    /* dscores */
    gsl_matrix_memcpy(g->dz2, f.out);
    for (size_t i = 0; i < N; i++)
        gsl_matrix_set(g->dz2, i, y[i], gsl_matrix_get(g->dz2, i, y[i]) - 1.0);
    gsl_matrix_scale(g->dz2, 1.0 / (double) N);

    /* W2, b2 */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, f.h, g->dz2, 2.0 * reg, g->dW2);
    gsl_vector_set_zero(g->db2);
    for (size_t i = 0; i < N; i++) {
        gsl_vector_view r = gsl_matrix_row(g->dz2, i);
        gsl_vector_add(g->db2, &r.vector);
    }

    /* hidden */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);
    gsl_matrix_memcpy(g->dz1, g->dp1);
    for (size_t i = 0; i < N; i++)
        for (size_t j = 0; j < net->H; j++)
            if (!(gsl_matrix_get(f.z1, i, j) > 0.0))
                gsl_matrix_set(g->dz1, i, j, 0.0);

    /* W1, b1 */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);
    gsl_vector_set_zero(g->db1);
    for (size_t i = 0; i < N; i++) {
        gsl_vector_view r = gsl_matrix_row(g->dz1, i);
        gsl_vector_add(g->db1, &r.vector);
    }

    free_forward(&f);
    g->present = BP_GRADS_ALL;
    return 0;
}
