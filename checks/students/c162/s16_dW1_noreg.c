/* Assignment: Backpropagation in C
 * Neural Networks (Open Elective), Sem 6
 * Name: Harpreet Kaur    Enrollment no: 0801IT201045
 *
 * Temporary matrices are allocated for the transposes and freed at the end.
 */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t i, j;
    gsl_matrix *p1T, *XT, *W2T;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    p1T = gsl_matrix_alloc(H, N);
    XT = gsl_matrix_alloc(D, N);
    W2T = gsl_matrix_alloc(C, H);
    gsl_matrix_transpose_memcpy(p1T, cache->p1);
    gsl_matrix_transpose_memcpy(XT, X);
    gsl_matrix_transpose_memcpy(W2T, net->W2);

    /* Output layer delta */
    for (i = 0; i < N; i++) {
        for (j = 0; j < C; j++) {
            double t = gsl_matrix_get(cache->prob, i, j);
            if (j == y[i])
                t = t - 1.0;
            gsl_matrix_set(g->dz2, i, j, t / N);
        }
    }

    /* dW2 = p1T * dz2 + 2*reg*W2 */
    gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, p1T, g->dz2, 0.0, g->dW2);
    for (i = 0; i < H; i++)
        for (j = 0; j < C; j++)
            gsl_matrix_set(g->dW2, i, j, gsl_matrix_get(g->dW2, i, j) + 2 * reg * gsl_matrix_get(net->W2, i, j));

    /* db2 */
    for (j = 0; j < C; j++) {
        double t = 0;
        for (i = 0; i < N; i++)
            t += gsl_matrix_get(g->dz2, i, j);
        gsl_vector_set(g->db2, j, t);
    }

    /* Hidden layer delta: dp1 = dz2 * W2T, then relu */
    gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, g->dz2, W2T, 0.0, g->dp1);
    for (i = 0; i < N; i++) {
        for (j = 0; j < H; j++) {
            if (gsl_matrix_get(cache->z1, i, j) > 0)
                gsl_matrix_set(g->dz1, i, j, gsl_matrix_get(g->dp1, i, j));
            else
                gsl_matrix_set(g->dz1, i, j, 0.0);
        }
    }

    /* dW1 = XT * dz1 + 2*reg*W1 */
    gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, XT, g->dz1, 0.0, g->dW1);

    /* db1 */
    for (j = 0; j < H; j++) {
        double t = 0;
        for (i = 0; i < N; i++)
            t += gsl_matrix_get(g->dz1, i, j);
        gsl_vector_set(g->db1, j, t);
    }

    gsl_matrix_free(p1T);
    gsl_matrix_free(XT);
    gsl_matrix_free(W2T);
    g->present = BP_GRADS_ALL;
    return 0;
}
