/* backward.c -- HW 3, two layer net
 *
 * remember: the loss is an AVERAGE so divide by N
 */
#include "backprop.h"
#include <gsl/gsl_blas.h>
#include <stdio.h>

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;
    size_t i, j;
    double invN, tmp;
    gsl_matrix *tmp2;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    invN = 1.0 / N;

    /* dz2 */
    for (i = 0; i < N; i++) {
        for (j = 0; j < net->C; j++) {
            tmp = gsl_matrix_get(cache->prob, i, j);
            if (j == y[i]) tmp -= 1.0;
            gsl_matrix_set(g->dz2, i, j, invN * tmp);
        }
    }

    /* dW2 = p1^T dz2 + 2 reg W2 */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2 * reg, g->dW2);

    /* db2 */
    for (j = 0; j < net->C; j++) {
        tmp = 0;
        for (i = 0; i < N; i++) tmp += gsl_matrix_get(g->dz2, i, j);
        gsl_vector_set(g->db2, j, tmp);
    }

    /* dp1 */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    /* dz1: zero where the relu was off */
    gsl_matrix_memcpy(g->dz1, g->dp1);
    for (i = 0; i < N; i++)
        for (j = 0; j < net->H; j++)
            if (gsl_matrix_get(cache->z1, i, j) <= 0.0)
                gsl_matrix_set(g->dz1, i, j, 0.0);

    /* dW1 = X^T dz1 / N + 2 reg W1 */
    tmp2 = gsl_matrix_alloc(net->D, net->H);
    gsl_matrix_memcpy(tmp2, net->W1);
    gsl_matrix_scale(tmp2, 2 * reg);
    //gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, invN, X, g->dz1, 0.0, g->dW1);
    gsl_matrix_add(g->dW1, tmp2);
    gsl_matrix_free(tmp2);

    /* db1 */
    for (j = 0; j < net->H; j++) {
        tmp = 0;
        for (i = 0; i < N; i++) tmp += gsl_matrix_get(g->dz1, i, j);
        gsl_vector_set(g->db1, j, tmp);
    }
    //printf("db1[0] %f dW1[0][0] %f\n", gsl_vector_get(g->db1,0), gsl_matrix_get(g->dW1,0,0));

    g->present = BP_GRADS_ALL;
    return 0;
}
