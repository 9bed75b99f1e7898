#include "backprop.h"
#include <gsl/gsl_blas.h>
#include <stdlib.h>

/*
 * backward() -- chunks of 2 rows.
 * Bias grads are summed in small local arrays (acc_b1/acc_b2) and copied
 * to g at the end; weight grads go straight into g with dgemm(beta=1).
 */

#define NCH 2

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    double *acc_b1, *acc_b2;
    size_t at, cnt, i, j;

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    acc_b1 = calloc(H, sizeof(double));
    acc_b2 = malloc(C * sizeof(double));
    if (!acc_b1 || !acc_b2) { free(acc_b1); free(acc_b2); return 1; }

    /* weight grads start at the penalty gradient 2*reg*W */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_matrix_scale(g->dW1, 2.0 * reg);
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_matrix_scale(g->dW2, 2.0 * reg);

    for (at = 0; at < N; at += NCH) {
        cnt = (at + NCH > N) ? N - at : NCH;

        gsl_matrix_const_view xc = gsl_matrix_const_submatrix(X, at, 0, cnt, D);
        gsl_matrix_const_view pc = gsl_matrix_const_submatrix(cache->prob, at, 0, cnt, C);
        gsl_matrix_const_view hc = gsl_matrix_const_submatrix(cache->p1, at, 0, cnt, H);
        gsl_matrix_const_view zc = gsl_matrix_const_submatrix(cache->z1, at, 0, cnt, H);
        gsl_matrix_view dz2c = gsl_matrix_submatrix(g->dz2, at, 0, cnt, C);
        gsl_matrix_view dp1c = gsl_matrix_submatrix(g->dp1, at, 0, cnt, H);
        gsl_matrix_view dz1c = gsl_matrix_submatrix(g->dz1, at, 0, cnt, H);

        for (j = 0; j < C; j++) acc_b2[j] = 0.0;

        for (i = 0; i < cnt; i++)
            for (j = 0; j < C; j++) {
                double v = gsl_matrix_get(&pc.matrix, i, j);
                if (j == y[at + i]) v -= 1.0;
                v /= (double)N;
                gsl_matrix_set(&dz2c.matrix, i, j, v);
                acc_b2[j] += v;
            }

        gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, &hc.matrix, &dz2c.matrix, 1.0, g->dW2);
        gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, &dz2c.matrix, net->W2, 0.0, &dp1c.matrix);

        for (i = 0; i < cnt; i++)
            for (j = 0; j < H; j++) {
                double v = gsl_matrix_get(&zc.matrix, i, j) > 0.0
                           ? gsl_matrix_get(&dp1c.matrix, i, j) : 0.0;
                gsl_matrix_set(&dz1c.matrix, i, j, v);
                acc_b1[j] += v;
            }

        gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, &xc.matrix, &dz1c.matrix, 1.0, g->dW1);
    }

    for (j = 0; j < H; j++) gsl_vector_set(g->db1, j, acc_b1[j]);
    for (j = 0; j < C; j++) gsl_vector_set(g->db2, j, acc_b2[j]);
    free(acc_b1);
    free(acc_b2);

    g->present = BP_GRADS_ALL;
    return 0;
}
