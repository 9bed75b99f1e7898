/* backward.c
 * Student: assignment 3 of Deep Learning Foundations.
 * I use row/column views where I can, and a little helper for sums.
 */
#include "backprop.h"
#include <gsl/gsl_blas.h>

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

static double vec_sum(const gsl_vector *v)
{
    double s = 0.0;
    size_t i;
    for (i = 0; i < v->size; i++)
        s += gsl_vector_get(v, i);
    return s;
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, H = net->H, C = net->C;
    size_t i, j;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    /* scores gradient: p - 1{y}, then /N */
    for (i = 0; i < N; i++) {
        gsl_vector_const_view prow = gsl_matrix_const_row(cache->prob, i);
        gsl_vector_view drow = gsl_matrix_row(g->dz2, i);
        gsl_vector_memcpy(&drow.vector, &prow.vector);
        gsl_vector_set(&drow.vector, y[i], gsl_vector_get(&drow.vector, y[i]) - 1.0);
        gsl_vector_scale(&drow.vector, 1.0 / N);
    }

    /* dW2 = h^T dscores + 2 reg W2 */
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0, g->dW2);
    gsl_matrix *W2reg = gsl_matrix_alloc(H, C);
    gsl_matrix_memcpy(W2reg, net->W2);
    gsl_matrix_scale(W2reg, 2.0 * reg);
    gsl_matrix_add(g->dW2, W2reg);
    gsl_matrix_free(W2reg);

    /* db2: one entry per class */
    for (j = 0; j < C; j++) {
        gsl_vector_const_view v = gsl_matrix_const_row(g->dz2, j);
        gsl_vector_set(g->db2, j, vec_sum(&v.vector));
    }

    /* dhidden */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    /* relu backward, row by row */
    for (i = 0; i < N; i++) {
        gsl_vector_const_view zrow = gsl_matrix_const_row(cache->z1, i);
        gsl_vector_const_view drow = gsl_matrix_const_row(g->dp1, i);
        gsl_vector_view out = gsl_matrix_row(g->dz1, i);
        for (j = 0; j < H; j++)
            gsl_vector_set(&out.vector, j,
                           gsl_vector_get(&zrow.vector, j) > 0 ? gsl_vector_get(&drow.vector, j) : 0.0);
    }

    /* dW1 = X^T dz1 + 2 reg W1 */
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);
    gsl_matrix *W1reg = gsl_matrix_alloc(net->D, H);
    gsl_matrix_memcpy(W1reg, net->W1);
    gsl_matrix_scale(W1reg, 2.0 * reg);
    gsl_matrix_add(g->dW1, W1reg);
    gsl_matrix_free(W1reg);

    /* db1 */
    for (j = 0; j < H; j++) {
        gsl_vector_const_view v = gsl_matrix_const_column(g->dz1, j);
        gsl_vector_set(g->db1, j, vec_sum(&v.vector));
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
