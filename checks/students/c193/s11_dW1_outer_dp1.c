/*
 * backward.c
 *
 * Weight gradients as a sum of outer products, one sample at a time
 * (dger), the way the lecture derived them: dW = sum_i x_i (dz_i)^T.
 * Every result is checked for its shape right away.
 */
#include <stdio.h>
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int
backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
         double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t i;

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    /* ---- output layer ---- */
    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (i = 0; i < N; i++)
    {
        gsl_matrix_set(g->dz2, i, y[i], gsl_matrix_get(g->dz2, i, y[i]) - 1.0);
    }
    gsl_matrix_scale(g->dz2, 1.0 / N);
    if (g->dz2->size1 != N || g->dz2->size2 != C)
        return 1;

    /* dW2 = 2 reg W2 + sum_i p1_i dz2_i^T */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_matrix_scale(g->dW2, 2.0 * reg);
    gsl_vector_set_zero(g->db2);
    for (i = 0; i < N; i++)
    {
        gsl_vector_const_view p = gsl_matrix_const_row(cache->p1, i);
        gsl_vector_const_view d = gsl_matrix_const_row(g->dz2, i);
        gsl_blas_dger(1.0, &p.vector, &d.vector, g->dW2);
        gsl_vector_add(g->db2, &d.vector);     /* db2 on the way */
    }
    if (g->dW2->size1 != H || g->dW2->size2 != C || g->db2->size != C)
        return 1;

    /* ---- hidden layer ---- */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);
    if (g->dp1->size1 != N || g->dp1->size2 != H)
        return 1;

    gsl_matrix_memcpy(g->dz1, g->dp1);
    for (i = 0; i < N; i++)
    {
        size_t j;
        for (j = 0; j < H; j++)
        {
            if (gsl_matrix_get(cache->z1, i, j) <= 0)
                gsl_matrix_set(g->dz1, i, j, 0.0);
        }
    }
    if (g->dz1->size1 != N || g->dz1->size2 != H)
        return 1;

    /* dW1 = 2 reg W1 + sum_i x_i dz1_i^T, db1 = sum_i dz1_i */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_matrix_scale(g->dW1, 2.0 * reg);
    gsl_vector_set_zero(g->db1);
    for (i = 0; i < N; i++)
    {
        gsl_vector_const_view x = gsl_matrix_const_row(X, i);
        gsl_vector_const_view d = gsl_matrix_const_row(g->dp1, i);
        gsl_vector_const_view e = gsl_matrix_const_row(g->dz1, i);
        gsl_blas_dger(1.0, &x.vector, &d.vector, g->dW1);
        gsl_vector_add(g->db1, &e.vector);
    }
    if (g->dW1->size1 != D || g->dW1->size2 != H || g->db1->size != H)
        return 1;

#ifdef DEBUG
    printf("|dW1| = %g  |db1| = %g\n", gsl_blas_dnrm2(g->db1), gsl_blas_dnrm2(g->db1));
#endif

    g->present = BP_GRADS_ALL;
    return 0;
}
