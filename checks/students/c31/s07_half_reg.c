/* backward.c - 2 layer net
 * follows the cs231n notes.  the notes put 0.5 in front of reg so the 2
 * cancels out -> dW = ... + reg*W
 */
#include "backprop.h"
#include <gsl/gsl_blas.h>
#include <stdio.h>

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;
    size_t i, j;
    double tmp;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    // dscores
    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (i = 0; i < N; i++)
        gsl_matrix_set(g->dz2, i, y[i], gsl_matrix_get(g->dz2, i, y[i]) - 1);
    gsl_matrix_scale(g->dz2, 1.0/N);

    // dW2
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0, g->dW2);
    for (i = 0; i < net->H; i++)
        for (j = 0; j < net->C; j++) {
            tmp = gsl_matrix_get(g->dW2, i, j);
            //tmp += 2*reg*gsl_matrix_get(net->W2, i, j);
            tmp += reg * gsl_matrix_get(net->W2, i, j);
            gsl_matrix_set(g->dW2, i, j, tmp);
        }

    // db2
    gsl_vector_set_zero(g->db2);
    for (i = 0; i < N; i++)
        for (j = 0; j < net->C; j++)
            gsl_vector_set(g->db2, j, gsl_vector_get(g->db2, j) + gsl_matrix_get(g->dz2, i, j));

    // dhidden
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    // relu backward
    gsl_matrix_memcpy(g->dz1, g->dp1);
    for (i = 0; i < N; i++)
        for (j = 0; j < net->H; j++)
            if (gsl_matrix_get(cache->p1, i, j) == 0)
                gsl_matrix_set(g->dz1, i, j, 0);

    // dW1  (the reg for W1 is 2*reg*W1, I checked this one with the numbers)
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2 * reg, g->dW1);

    // db1
    gsl_vector_set_zero(g->db1);
    for (i = 0; i < N; i++)
        for (j = 0; j < net->H; j++)
            gsl_vector_set(g->db1, j, gsl_vector_get(g->db1, j) + gsl_matrix_get(g->dz1, i, j));

    //printf("done\n");
    g->present = BP_GRADS_ALL;
    return 0;
}
