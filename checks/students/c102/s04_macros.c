/*
 * backward.c  --  HW3 two-layer net
 * uses macros so the code looks like the formulas on the board
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

#define AT(m, i, j)  gsl_matrix_get((m), (i), (j))
#define PUT(m, i, j, v)  gsl_matrix_set((m), (i), (j), (v))
#define RELU_ON(z)  ((z) > 0.0)

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, H = net->H;
    size_t i, j;
    gsl_matrix *tmp2, *tmp1;

    if (N != cache->N || X->size2 != net->D || g->N != N) return 1;

    /* dscores = (probs - onehot) / N */
    for (i = 0; i < N; i++) {
        for (j = 0; j < net->C; j++) {
            double d = AT(cache->prob, i, j);
            PUT(g->dz2, i, j, (j == y[i] ? d - 1.0 : d) / (double)N);
        }
    }

    /* dW2: data part into a temporary, then add 2 reg W2 */
    tmp2 = gsl_matrix_alloc(H, net->C);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0, tmp2);
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_matrix_scale(g->dW2, 2.0 * reg);
    gsl_matrix_add(g->dW2, tmp2);
    gsl_matrix_free(tmp2);

    /* db2: add up the rows one by one */
    gsl_vector_set_zero(g->db2);
    for (i = 0; i < N; i++) {
        gsl_vector_const_view row = gsl_matrix_const_row(g->dz2, i);
        gsl_vector_add(g->db2, &row.vector);
    }

    /* dh = dscores W2^T */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    /* relu */
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
            PUT(g->dz1, i, j, RELU_ON(AT(cache->z1, i, j)) ? AT(g->dp1, i, j) : 0.0);

    /* dW1 */
    tmp1 = gsl_matrix_alloc(net->D, H);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, tmp1);
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_matrix_scale(g->dW1, 2.0 * reg);
    gsl_matrix_add(g->dW1, tmp1);
    gsl_matrix_free(tmp1);

    /* db1 */
    gsl_vector_set_zero(g->db1);
    for (i = 0; i < N; i++) {
        gsl_vector_const_view row = gsl_matrix_const_row(g->dz1, i);
        gsl_vector_add(g->db1, &row.vector);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
