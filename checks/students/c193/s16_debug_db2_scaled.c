// backward.c -- backward pass for the two layer network
// DEBUG prints the small gradients so I can compare them with the
// numbers from the notebook.  Remember to turn it off before handing in.

#define DEBUG

#include <stdio.h>
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

#ifdef DEBUG
static void show(const char *name, const gsl_vector *v)
{
    size_t i;
    fprintf(stderr, "%s:", name);
    for (i = 0; i < v->size; i++)
        fprintf(stderr, " %8.5f", gsl_vector_get(v, i));
    fprintf(stderr, "\n");
}
#endif

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t i, j;

    if (N != cache->N || X->size2 != D || g->N != N) return 1;

    // dz2 = (p - y) / N, in place on a copy of prob
    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (i = 0; i < N; i++) {
        double *row = gsl_matrix_ptr(g->dz2, i, 0);
        row[y[i]] -= 1.0;
        for (j = 0; j < C; j++) row[j] /= (double) N;
    }
    if (g->dz2->size1 != N || g->dz2->size2 != C) return 1;

    // dW2 = p1^T dz2 + 2 reg W2
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2.0 * reg, g->dW2);
    if (g->dW2->size1 != H || g->dW2->size2 != C) return 1;

    // db2 = sum of dz2 over the batch
    gsl_vector_set_zero(g->db2);
    for (i = 0; i < N; i++) {
        gsl_vector_const_view r = gsl_matrix_const_row(g->dz2, i);
        gsl_vector_add(g->db2, &r.vector);
    }
    if (g->db2->size != C) return 1;
#ifdef DEBUG
    // notebook prints db2 before the division by N
    gsl_vector_scale(g->db2, (double) N);
    show("db2 * N", g->db2);
#endif

    // dp1 = dz2 W2^T
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);
    if (g->dp1->size1 != N || g->dp1->size2 != H) return 1;

    // dz1 = dp1 * (z1 > 0)
    for (i = 0; i < N; i++) {
        for (j = 0; j < H; j++) {
            if (gsl_matrix_get(cache->z1, i, j) > 0.0)
                gsl_matrix_set(g->dz1, i, j, gsl_matrix_get(g->dp1, i, j));
            else
                gsl_matrix_set(g->dz1, i, j, 0.0);
        }
    }
    if (g->dz1->size1 != N || g->dz1->size2 != H) return 1;

    // dW1 = X^T dz1 + 2 reg W1
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);
    if (g->dW1->size1 != D || g->dW1->size2 != H) return 1;

    // db1
    gsl_vector_set_zero(g->db1);
    for (i = 0; i < N; i++) {
        gsl_vector_const_view r = gsl_matrix_const_row(g->dz1, i);
        gsl_vector_add(g->db1, &r.vector);
    }
    if (g->db1->size != H) return 1;
#ifdef DEBUG
    show("db1", g->db1);
#endif

    g->present = BP_GRADS_ALL;
    return 0;
}
